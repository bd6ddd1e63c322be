/**
 * OIDC third-party-initiated login (LTI 1.3 Core §5.1.1): validate the initiation, create a
 * bound state + nonce, and send the browser to the platform's authorization endpoint.
 * When the platform offers LTI Platform Storage (`lti_storage_target`, 1EdTech Platform Storage
 * v0.1), the target travels in the state the platform echoes back (see state-binding.ts), so
 * the launch knows where to read the browser binding from.
 */
import { LoginParams } from './launch.schemas';
import { joinState, validStorageTarget } from './state-binding';
import { LtiError } from './errors';
import type { PlatformRepository } from './platform.repository';
import type { LoginStateRepository } from './login-state.repository';

export interface LoginDeps { platforms: PlatformRepository; states: LoginStateRepository; launchUrl: string }

export interface LoginStart {
  redirectUrl: string;
  /** The stored state (the one the launch pipeline consumes). */
  state: string;
  /** Origin of the platform's authorization endpoint: the origin Platform Storage messages go to and come from. */
  platformOrigin: string;
  storageTarget?: string;
  /** The initiation parameters without the storage target, to restart the login (new window, cookie path). */
  restartParams: Record<string, string>;
}

export async function startLogin(deps: LoginDeps, params: unknown): Promise<LoginStart> {
  const parsed = LoginParams.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LtiError('launch_invalid', `login initiation parameter ${issue.path.join('.')} is missing or invalid`);
  }
  const p = parsed.data;
  const platform = await deps.platforms.find(p.iss, p.client_id);
  if (!platform) throw new LtiError('unknown_platform', 'this LMS is not registered with the tool', 403);
  if (p.lti_deployment_id && !(await deps.platforms.findDeployment(platform.id, p.lti_deployment_id))) {
    throw new LtiError('unknown_deployment', 'deployment is not registered with this tool', 403);
  }
  const { state, nonce } = await deps.states.create(platform.id);
  const url = new URL(platform.authUrl);
  const q = url.searchParams;
  q.set('scope', 'openid');
  q.set('response_type', 'id_token');
  q.set('response_mode', 'form_post');
  q.set('prompt', 'none');
  q.set('client_id', platform.clientId);
  q.set('redirect_uri', deps.launchUrl);
  q.set('login_hint', p.login_hint);
  if (p.lti_message_hint) q.set('lti_message_hint', p.lti_message_hint);
  const storageTarget = validStorageTarget(p.lti_storage_target) ? p.lti_storage_target : undefined;
  q.set('state', storageTarget ? joinState(state, storageTarget) : state);
  q.set('nonce', nonce);
  const restartParams: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (typeof v === 'string' && k !== 'lti_storage_target') restartParams[k] = v;
  return { redirectUrl: url.toString(), state, platformOrigin: url.origin, storageTarget, restartParams };
}

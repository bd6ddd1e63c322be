/**
 * The launch validation pipeline (LTI 1.3 Core §5.1.3, "Authentication Response Validation",
 * and the 1EdTech Security Framework §5.1.3). Each step runs in this order and the first
 * failure refuses the launch with a stable code; nothing is stored before every check passed.
 *
 *   state → JWT header + kid → platform (iss + aud) → platform key (cached, refresh on unknown kid)
 *   → RS256 signature → iss, aud/azp, exp/iat → nonce bound to the state → deployment
 *   → message type and version → required claims per message type
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { LTI, DeepLinkingClaims, LaunchBody, ResourceLinkClaims, type LaunchClaims } from './launch.schemas';
import { LtiError, ServiceError } from './errors';
import type { Deployment, Platform, PlatformRepository } from './platform.repository';
import type { LoginStateRepository } from './login-state.repository';
import type { KeysetCache } from './platform-keyset';

export interface ValidatedLaunch { platform: Platform; deployment: Deployment; claims: LaunchClaims }

export interface LaunchDeps {
  platforms: PlatformRepository;
  states: LoginStateRepository;
  keysets: KeysetCache;
  clockToleranceSeconds?: number;
  maxTokenAgeSeconds?: number;
}

export async function validateLaunch(deps: LaunchDeps, body: unknown): Promise<ValidatedLaunch> {
  const parsed = LaunchBody.safeParse(body);
  if (!parsed.success) throw new LtiError('launch_invalid', 'the launch must be a form post with id_token and state');
  const { id_token: idToken, state } = parsed.data;

  // 1. state: known, unexpired, consumed now (single use)
  const stored = await deps.states.consume(state);
  if (!stored) throw new LtiError('launch_replayed', 'unknown or already used state');
  if (stored.expired) throw new LtiError('launch_expired', 'the login state expired');

  // 2. header: RS256 with a kid
  let header;
  let unverified;
  try {
    header = decodeProtectedHeader(idToken);
    unverified = decodeJwt(idToken);
  } catch {
    throw new LtiError('launch_invalid', 'id_token is not a JWT');
  }
  if (header.alg !== 'RS256') throw new LtiError('launch_invalid', `id_token alg must be RS256, got ${String(header.alg)}`);
  if (!header.kid) throw new LtiError('launch_invalid', 'id_token header has no kid');

  // 3. platform: the one the login was started for, matching iss and aud
  const platform = await deps.platforms.byId(stored.platformId);
  if (!platform || unverified.iss !== platform.issuer) throw new LtiError('unknown_platform', 'issuer does not match the login');

  // 4. key: from the platform keyset, refreshed once when the kid is unknown
  let key;
  try {
    key = await deps.keysets.getKey(platform.keysetUrl, header.kid);
  } catch (e) {
    if (e instanceof ServiceError) throw new LtiError('launch_invalid', `cannot read the platform keyset: ${e.message}`, 502);
    throw e;
  }
  if (!key) throw new LtiError('launch_invalid', 'id_token signed with a key the platform does not publish');

  // 5–6. signature, iss, aud, exp, iat
  let payload;
  try {
    ({ payload } = await jwtVerify(idToken, key, {
      algorithms: ['RS256'],
      issuer: platform.issuer,
      audience: platform.clientId,
      clockTolerance: deps.clockToleranceSeconds ?? 10,
      maxTokenAge: deps.maxTokenAgeSeconds ?? 600,
      requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw new LtiError('launch_expired', 'id_token expired');
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw new LtiError('launch_invalid', 'id_token signature is invalid');
    if (e instanceof joseErrors.JWTClaimValidationFailed) {
      if (e.claim === 'iat') throw new LtiError('launch_expired', 'id_token is too old or issued in the future');
      throw new LtiError('launch_invalid', `id_token claim ${e.claim} is invalid (${e.reason})`);
    }
    throw new LtiError('launch_invalid', 'id_token could not be verified');
  }
  // azp: required when several audiences, and must be us when present (OIDC Core §2)
  const aud = payload.aud;
  if ((Array.isArray(aud) && aud.length > 1 && !payload.azp) || (payload.azp !== undefined && payload.azp !== platform.clientId)) {
    throw new LtiError('launch_invalid', 'azp does not name this tool');
  }

  // 7. nonce: the one issued with this state (the state is already consumed, so it is single-use too)
  if (payload.nonce !== stored.nonce) throw new LtiError('launch_replayed', 'nonce does not match the login');

  // 8. deployment known for this platform
  const deploymentId = payload[`${LTI}deployment_id`];
  if (typeof deploymentId !== 'string') throw new LtiError('launch_invalid', 'deployment_id claim missing');
  const deployment = await deps.platforms.findDeployment(platform.id, deploymentId);
  if (!deployment) throw new LtiError('unknown_deployment', 'deployment is not registered with this tool', 403);

  // 9. message type and version
  const messageType = payload[`${LTI}message_type`];
  if (payload[`${LTI}version`] !== '1.3.0') throw new LtiError('unsupported_message', 'LTI version must be 1.3.0');
  const schema = messageType === 'LtiResourceLinkRequest' ? ResourceLinkClaims
    : messageType === 'LtiDeepLinkingRequest' ? DeepLinkingClaims : undefined;
  if (!schema) throw new LtiError('unsupported_message', `message type ${String(messageType)} is not supported`);

  // 10. required claims for that message type
  const claims = schema.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0]!;
    throw new LtiError('launch_invalid', `claim ${issue.path.join('.')} is invalid: ${issue.message}`);
  }
  return { platform, deployment, claims: claims.data };
}

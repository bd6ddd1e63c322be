/**
 * LTI Dynamic Registration 1.0, the tool side (1EdTech lti-dr/v1p0 §3): read the platform's
 * OpenID configuration, build the tool's registration request, send it and read the answer.
 * Every platform answer is zod-validated; nothing here stores anything (the route does, only
 * after the platform accepted the registration).
 */
import { AppError } from '../errors';
import { SCOPES } from './services';
import {
  MESSAGE, PLATFORM_CONFIG_CLAIM, PlatformConfiguration, RegistrationResponse, TOOL_CONFIG_CLAIM,
  type ToolRegistrationRequest,
} from './registration.schemas';

/**
 * A refused registration. Codes are i18n keys under registration:errors.<code>:
 * bad_request, insecure_url, config_unreachable, config_invalid, issuer_mismatch,
 * session_expired, registration_refused, registration_invalid, store_failed.
 */
export class RegistrationError extends AppError {
  constructor(code: string, status: number, detail: string) {
    super(code, status, detail);
    this.name = 'RegistrationError';
  }
}

export interface FetchOptions {
  /** http: allowed only for loopback hosts, and only outside production. */
  allowHttpLoopback: boolean;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const MAX_BODY_BYTES = 256 * 1024;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https everywhere; http only for loopback in development and tests (§3.1: TLS is required). */
export function checkUrl(raw: string, opts: Pick<FetchOptions, 'allowHttpLoopback'>): URL {
  let u: URL;
  try { u = new URL(raw); } catch { throw new RegistrationError('bad_request', 400, 'not a URL'); }
  if (u.username || u.password) throw new RegistrationError('insecure_url', 400, 'credentials in URL');
  if (u.protocol === 'https:') return u;
  const host = u.hostname.toLowerCase();
  if (u.protocol === 'http:' && opts.allowHttpLoopback && (LOOPBACK.has(host) || host.endsWith('.localhost'))) return u;
  throw new RegistrationError('insecure_url', 400, `${u.protocol} URL refused`);
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new Error('answer too large');
  return JSON.parse(text);
}

async function call(url: URL, init: RequestInit, opts: FetchOptions): Promise<Response> {
  const doFetch = opts.fetchImpl ?? fetch;
  // No redirects: the configuration must be at the URL the platform gave (§3.5.1), and a
  // redirect could lead the tool's server somewhere else.
  return doFetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
}

/**
 * §3.4: GET the openid_configuration URL. The registration token, when given, goes along as a
 * bearer token (Canvas requires it there; Moodle ignores it). §3.5.1: the issuer must match
 * the configuration URL — here, the same origin.
 */
export async function fetchPlatformConfiguration(configUrl: string, registrationToken: string | undefined, opts: FetchOptions): Promise<PlatformConfiguration> {
  const u = checkUrl(configUrl, opts);
  let body: unknown;
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (registrationToken) headers.authorization = `Bearer ${registrationToken}`;
    const res = await call(u, { headers }, opts);
    if (!res.ok) throw new Error(`status ${res.status}`);
    body = await readJson(res).catch(() => { throw new RegistrationError('config_invalid', 502, 'the configuration is not JSON'); });
  } catch (e) {
    if (e instanceof RegistrationError) throw e;
    throw new RegistrationError('config_unreachable', 502, `configuration fetch failed: ${(e as Error).message}`);
  }
  const parsed = PlatformConfiguration.safeParse(body);
  if (!parsed.success) {
    throw new RegistrationError('config_invalid', 502, parsed.error.issues.map((i) => i.path.join('.')).join(', '));
  }
  const config = parsed.data;
  if (new URL(config.issuer).origin !== u.origin) {
    throw new RegistrationError('issuer_mismatch', 400, 'issuer origin differs from the configuration URL origin');
  }
  for (const endpoint of [config.authorization_endpoint, config.token_endpoint, config.jwks_uri, config.registration_endpoint]) {
    checkUrl(endpoint, opts);
  }
  return config;
}

export interface ToolUrls { publicUrl: string }

/** The services the tool asks for, limited to the scopes the platform says it supports (§3.5.2 "scope"). */
export function requestedScopes(config: PlatformConfiguration): string[] {
  const wanted = [SCOPES.lineItem, SCOPES.score, SCOPES.resultReadonly, SCOPES.nrps];
  return wanted.filter((s) => config.scopes_supported.includes(s));
}

export function supportsDeepLinking(config: PlatformConfiguration): boolean {
  return config[PLATFORM_CONFIG_CLAIM].messages_supported.some((m) => m.type === MESSAGE.deepLinking);
}

/** The platform's display name for the tool's records: its product and host. */
export function platformName(config: PlatformConfiguration): string {
  return `${config[PLATFORM_CONFIG_CLAIM].product_family_code} (${new URL(config.issuer).host})`;
}

/**
 * §3.5.2: the tool's registration request. Privacy (§3.5.2 "claims"): the tool works with
 * pseudonymous launches, so only iss and sub are asked for, plus `name` when the school wants
 * teachers to see names. No email, ever.
 */
export function buildRegistrationRequest(
  publicUrl: string, config: PlatformConfiguration, opts: { names: boolean; description: string },
): ToolRegistrationRequest {
  const base = publicUrl.replace(/\/+$/, '');
  const launch = `${base}/lti/launch`;
  const messages: ToolRegistrationRequest[typeof TOOL_CONFIG_CLAIM]['messages'] = [{ type: MESSAGE.resourceLink, target_link_uri: launch }];
  if (supportsDeepLinking(config)) messages.push({ type: MESSAGE.deepLinking, target_link_uri: launch, label: 'First Shield' });
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${base}/lti/login`,
    redirect_uris: [launch],
    client_name: 'First Shield',
    jwks_uri: `${base}/lti/keys`,
    logo_uri: `${base}/static/img/shield.svg`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: requestedScopes(config).join(' '),
    [TOOL_CONFIG_CLAIM]: {
      domain: new URL(base).host,
      description: opts.description,
      target_link_uri: launch,
      claims: opts.names ? ['iss', 'sub', 'name'] : ['iss', 'sub'],
      messages,
    },
  };
}

/**
 * §3.5.2–3.6: POST the request as application/json, with the registration token as a bearer
 * token when the platform gave one. A 2xx answer must carry client_id and deployment_id.
 */
export async function sendRegistration(
  config: PlatformConfiguration, request: ToolRegistrationRequest, registrationToken: string | undefined, opts: FetchOptions,
): Promise<{ clientId: string; deploymentId: string }> {
  const u = checkUrl(config.registration_endpoint, opts);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (registrationToken) headers.authorization = `Bearer ${registrationToken}`;
  let res: Response;
  try {
    res = await call(u, { method: 'POST', headers, body: JSON.stringify(request) }, opts);
  } catch (e) {
    throw new RegistrationError('registration_refused', 502, `registration endpoint unreachable: ${(e as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new RegistrationError('registration_refused', 502, `registration endpoint answered ${res.status}`);
  }
  let body: unknown;
  try { body = await readJson(res); } catch {
    throw new RegistrationError('registration_invalid', 502, 'registration answer is not JSON');
  }
  const parsed = RegistrationResponse.safeParse(body);
  if (!parsed.success) {
    throw new RegistrationError('registration_invalid', 502, parsed.error.issues.map((i) => i.path.join('.')).join(', '));
  }
  return { clientId: parsed.data.client_id, deploymentId: parsed.data[TOOL_CONFIG_CLAIM].deployment_id };
}

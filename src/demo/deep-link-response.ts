/**
 * Checks a Deep Linking response (DL 2.0 §4.2) the way a platform must before it creates
 * anything: the JWT is RS256-signed by the tool's key (its JWKS), iss = the tool's client id,
 * aud = this platform's issuer, iat/exp current, a nonce never seen before, message type
 * LtiDeepLinkingResponse, version 1.3.0, the deployment of the request, and `data` = the value
 * this platform issued for that request (unused). Content items are validated with zod; only
 * `ltiResourceLink` was offered, so anything else is refused.
 */
import { decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { DeepLinkRequest, DeepLinkRequests } from './deep-link-requests';
import type { DemoToolRegistration } from './demo.types';
import { CLAIM, DL_ACCEPT_TYPES, DL_CLAIM, DL_RESPONSE_MESSAGE_TYPE } from './lti-vocab';
import type { RemoteKeyset } from './tool-keysets';

const MAX_RESPONSE_AGE_SECONDS = 10 * 60;
const MAX_ITEMS = 50;

export class DeepLinkError extends Error {
  constructor(readonly code: string, message: string, readonly request?: DeepLinkRequest) { super(message); }
}

const lineItem = z.looseObject({
  scoreMaximum: z.number().positive().max(100_000),
  label: z.string().trim().min(1).max(255).optional(),
  resourceId: z.string().max(255).optional(),
  tag: z.string().max(255).optional(),
  gradesReleased: z.boolean().optional(),
});

export const ltiResourceLinkItem = z.looseObject({
  type: z.literal('ltiResourceLink'),
  title: z.string().trim().max(255).optional(),
  text: z.string().max(2000).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  custom: z.record(z.string().min(1).max(255), z.string().max(2000)).optional(),
  lineItem: lineItem.optional(),
});
export type LtiResourceLinkItem = z.infer<typeof ltiResourceLinkItem>;

const contentItems = z.array(z.looseObject({ type: z.string() })).max(MAX_ITEMS);

export interface VerifiedDeepLinkResponse {
  request: DeepLinkRequest;
  /** The `data` value, to consume once the caller is ready to create the items. */
  data: string;
  items: LtiResourceLinkItem[];
  msg?: string;
}

export interface VerifyOptions {
  tools: DemoToolRegistration[];
  keyset(tool: DemoToolRegistration): RemoteKeyset;
  issuer: string;
  deploymentId: string;
  requests: DeepLinkRequests;
}

function verifyFailure(err: unknown): DeepLinkError {
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    return new DeepLinkError(`bad_${err.claim}`, `The response's "${err.claim}" claim is not valid for this platform (${err.reason}).`);
  }
  if (err instanceof joseErrors.JWTExpired) return new DeepLinkError('expired', 'The response has expired: add the activity again.');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) {
    return new DeepLinkError('bad_signature', "The response is not signed by a key in the tool's keyset.");
  }
  return new DeepLinkError('invalid_jwt', 'The response JWT could not be verified.');
}

export async function verifyDeepLinkResponse(jwt: string, o: VerifyOptions): Promise<VerifiedDeepLinkResponse> {
  let claimedIss: string | undefined;
  try { claimedIss = decodeJwt(jwt).iss; } catch { throw new DeepLinkError('malformed', 'The response is not a JWT.'); }
  const tool = o.tools.find((t) => t.clientId === claimedIss);
  if (!tool) throw new DeepLinkError('unknown_tool', 'The response comes from a tool this platform does not know (iss).');

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jwt, o.keyset(tool), {
      algorithms: ['RS256'], issuer: tool.clientId, audience: o.issuer,
      requiredClaims: ['iat', 'exp', 'nonce'], maxTokenAge: MAX_RESPONSE_AGE_SECONDS, clockTolerance: 30,
    }));
  } catch (err) {
    throw verifyFailure(err);
  }
  // Everything below is synchronous, so two posts of the same response cannot both pass.
  if (payload[CLAIM.messageType] !== DL_RESPONSE_MESSAGE_TYPE) {
    throw new DeepLinkError('bad_message_type', `The message type must be ${DL_RESPONSE_MESSAGE_TYPE}.`);
  }
  if (payload[CLAIM.version] !== '1.3.0') throw new DeepLinkError('bad_version', 'The LTI version must be 1.3.0.');
  const deploymentId = payload[CLAIM.deploymentId];
  if (deploymentId !== o.deploymentId || !tool.deploymentIds.includes(deploymentId)) {
    throw new DeepLinkError('bad_deployment', 'The response names a deployment this class does not use.');
  }
  const data = payload[DL_CLAIM.data];
  const request = typeof data === 'string' ? o.requests.peek(data) : undefined;
  if (typeof data !== 'string' || !request || request.toolClientId !== tool.clientId || request.deploymentId !== deploymentId) {
    throw new DeepLinkError('bad_data', 'The response does not answer a current request of this LMS (data is missing, unknown, expired or already used).');
  }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 500) : undefined);
  const parsed = contentItems.safeParse(payload[DL_CLAIM.contentItems] ?? []);
  if (!parsed.success) throw new DeepLinkError('bad_items', `content_items must be a list of at most ${MAX_ITEMS} items.`, request);
  if (typeof payload.nonce !== 'string' || !o.requests.useNonce(tool.clientId, payload.nonce, ((payload.exp ?? 0) + 60) * 1000)) {
    throw new DeepLinkError('replayed', 'This response has already been received (nonce).', request);
  }
  if (parsed.data.length === 0) {
    const why = str(payload[DL_CLAIM.errormsg]) ?? str(payload[DL_CLAIM.msg]);
    throw new DeepLinkError('no_items', `The tool sent back no activity, so nothing was added.${why ? ` The tool says: “${why}”` : ''}`, request);
  }
  const items: LtiResourceLinkItem[] = [];
  for (const [i, raw] of parsed.data.entries()) {
    if (!(DL_ACCEPT_TYPES as readonly string[]).includes(raw.type)) {
      throw new DeepLinkError('bad_items', `Item ${i + 1} is of type "${raw.type}", which this LMS did not offer (only ltiResourceLink).`, request);
    }
    const item = ltiResourceLinkItem.safeParse(raw);
    if (!item.success) {
      const where = item.error.issues.map((x) => x.path.join('.')).join(', ');
      throw new DeepLinkError('bad_items', `Item ${i + 1} is not a valid ltiResourceLink (${where}).`, request);
    }
    if (item.data.url && new URL(item.data.url).origin !== new URL(tool.targetLinkUri).origin) {
      throw new DeepLinkError('bad_items', `Item ${i + 1} points outside the tool (url).`, request);
    }
    items.push(item.data);
  }
  return { request, data, items, msg: str(payload[DL_CLAIM.msg]) };
}

/**
 * The token endpoint (1EdTech Security Framework §4.1; RFC 6749 §4.4 client credentials with
 * an RFC 7523 JWT client assertion): the tool authenticates with a JWT signed by its own key,
 * checked against the tool's keyset (fetched and cached, see tool-keysets.ts); each `jti`
 * is accepted once.
 */
import express, { Router } from 'express';
import { decodeJwt, jwtVerify } from 'jose';
import { z } from 'zod';
import { ACCESS_TOKEN_TTL_SECONDS } from './access-tokens';
import type { DemoDeps } from './deps';
import { KNOWN_SCOPES } from './lti-vocab';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_AGE_SECONDS = 10 * 60;

const tokenRequest = z.object({
  grant_type: z.string(),
  client_assertion_type: z.string(),
  client_assertion: z.string().min(1),
  scope: z.string().default(''),
});

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope';

export function tokenRoutes(deps: DemoDeps): Router {
  const { store, urls, tokens, logger, toolKeysets } = deps;
  const router = Router();
  const usedJtis = new Map<string, number>(); // `${clientId} ${jti}` → expiry (ms)

  const rememberJti = (key: string, expMs: number): boolean => {
    const now = Date.now();
    for (const [k, exp] of usedJtis) if (exp < now) usedJtis.delete(k);
    if (usedJtis.has(key)) return false;
    usedJtis.set(key, expMs);
    return true;
  };

  router.post('/token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const fail = (status: 400 | 401, error: OAuthError, description: string) => {
      logger.warn({ error }, 'demo LMS: token request refused');
      res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
    };
    const parsed = tokenRequest.safeParse(req.body ?? {});
    if (!parsed.success) return fail(400, 'invalid_request', 'grant_type, client_assertion_type and client_assertion are required.');
    const p = parsed.data;
    if (p.grant_type !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'grant_type must be client_credentials.');
    if (p.client_assertion_type !== JWT_BEARER) return fail(400, 'invalid_request', `client_assertion_type must be ${JWT_BEARER}.`);

    let claimedClient: string | undefined;
    try { claimedClient = decodeJwt(p.client_assertion).iss; } catch { /* handled below */ }
    const tool = store.data().tools.find((t) => t.clientId === claimedClient);
    if (!tool) return fail(401, 'invalid_client', 'Unknown client.');

    let payload;
    try {
      ({ payload } = await jwtVerify(p.client_assertion, toolKeysets.get(tool.keysetUrl), {
        algorithms: ['RS256'],
        issuer: tool.clientId,
        subject: tool.clientId,
        audience: urls.token,
        requiredClaims: ['iat', 'exp', 'jti'],
        maxTokenAge: MAX_ASSERTION_AGE_SECONDS,
        clockTolerance: 30,
      }));
    } catch (err) {
      logger.warn({ reason: (err as { code?: string }).code ?? 'verify-failed' }, 'demo LMS: client assertion rejected');
      return fail(401, 'invalid_client', 'The client assertion is not valid for this platform.');
    }
    if (typeof payload.jti !== 'string' || !rememberJti(`${tool.clientId} ${payload.jti}`, (payload.exp ?? 0) * 1000 + 60_000)) {
      return fail(401, 'invalid_client', 'The client assertion has already been used (jti).');
    }

    const requested = p.scope.split(/\s+/).filter(Boolean);
    const granted = [...new Set(requested.filter((s) => KNOWN_SCOPES.includes(s)))];
    if (granted.length === 0) return fail(400, 'invalid_scope', 'None of the requested scopes is offered by this platform.');
    const accessToken = tokens.issue(tool.clientId, granted);
    logger.info({ scopes: granted.length }, 'demo LMS: access token issued');
    res.set('Cache-Control', 'no-store').json({
      access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: granted.join(' '),
    });
  });
  return router;
}

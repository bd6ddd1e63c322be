/**
 * OAuth 2 bearer tokens the demo platform issues for AGS and NRPS (1EdTech Security Framework
 * §4.1), and the guard that checks them on each service call (RFC 6750 §3 for the errors).
 * Memory-only: after a restart the tool gets a 401 and asks for a new token, as it must with
 * any real platform.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export interface AccessTokenGrant { clientId: string; scopes: string[]; expiresAt: number }

export interface AccessTokens {
  issue(clientId: string, scopes: string[]): string;
  lookup(token: string): AccessTokenGrant | undefined;
  /** Express guard: a valid bearer token holding at least one of `anyOf`. */
  require(...anyOf: string[]): RequestHandler;
}

declare module 'express-serve-static-core' {
  interface Request { demoGrant?: AccessTokenGrant }
}

export function createAccessTokens(now = () => Date.now()): AccessTokens {
  const tokens = new Map<string, AccessTokenGrant>();
  const prune = () => { for (const [k, v] of tokens) if (v.expiresAt <= now()) tokens.delete(k); };
  const api: AccessTokens = {
    issue(clientId, scopes) {
      if (tokens.size > 5_000) prune();
      const token = crypto.randomBytes(32).toString('base64url');
      tokens.set(token, { clientId, scopes, expiresAt: now() + ACCESS_TOKEN_TTL_SECONDS * 1000 });
      return token;
    },
    lookup(token) {
      const grant = tokens.get(token);
      if (!grant) return undefined;
      if (grant.expiresAt <= now()) { tokens.delete(token); return undefined; }
      return grant;
    },
    require(...anyOf) {
      return (req: Request, res: Response, next: NextFunction) => {
        const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
        const grant = m?.[1] ? api.lookup(m[1]) : undefined;
        if (!grant) {
          res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"')
            .json({ error: 'invalid_token', error_description: 'Missing, unknown or expired bearer token.' });
          return;
        }
        if (!anyOf.some((s) => grant.scopes.includes(s))) {
          res.status(403).set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${anyOf.join(' ')}"`)
            .json({ error: 'insufficient_scope', error_description: `Needs one of: ${anyOf.join(' ')}` });
          return;
        }
        req.demoGrant = grant;
        next();
      };
    },
  };
  return api;
}

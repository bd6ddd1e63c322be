/**
 * Authorization is decided here and only here: who holds the session (role kind from the
 * launch) × which context × which deployment. The session token comes as a bearer header (API
 * calls) or an `s` field (page links and forms), never from a cookie.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';
import type { RoleKind, SessionClaims, SessionTokens } from '../lti';

declare module 'express-serve-static-core' {
  interface Locals { session?: SessionClaims; token?: string }
}

export function tokenOf(req: Request): string | undefined {
  const auth = req.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  const fromQuery = typeof req.query.s === 'string' ? req.query.s : undefined;
  const fromBody = req.body && typeof req.body === 'object' && typeof (req.body as Record<string, unknown>).s === 'string'
    ? (req.body as Record<string, string>).s : undefined;
  return fromQuery ?? fromBody;
}

export function requireSession(tokens: SessionTokens, ...roles: RoleKind[]) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenOf(req);
    const session = await tokens.verify(token);
    if (roles.length && !roles.includes(session.role)) throw new AppError('forbidden', 403, `this page is not for the ${session.role} role`);
    res.locals.session = session;
    res.locals.token = token;
    next();
  };
}

/** A teacher may act on an assignment only in the context (class) and deployment they launched from. */
export function assertTeaches(session: SessionClaims, target: { contextId: string; deploymentId: string }): void {
  if (session.role !== 'instructor' || session.ctx !== target.contextId || session.dep !== target.deploymentId) {
    throw new AppError('forbidden', 403, 'not a teacher of this class');
  }
}

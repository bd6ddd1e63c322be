/**
 * The tool's own session after a launch: a short-lived HS256 token bound to user, context,
 * deployment and launch, carried by the page (meta tag, links, hidden fields) and sent on API
 * calls as a bearer token, so nothing after the launch needs a cookie (LMS iframes often block
 * third-party cookies). HMAC is used because signing RS256 costs ~6× more (DESIGN.md).
 */
import crypto from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { LtiError } from './errors';
import type { RoleKind } from './launch.schemas';

export interface SessionClaims {
  uid: string;      // internal user id
  dep: string;      // internal deployment id
  ctx: string;      // internal context id
  asg?: string;     // internal assignment id
  role: RoleKind;
  lng: string;      // UI locale at launch
  lid: string;      // launch id
  /** Deep-linking launches only: where to send the selection, and the platform's opaque data. */
  dl?: { ret: string; data?: string; multiple: boolean; pid: string; lineItems?: boolean };
}

const ISSUER = 'first-shield';

export function createSessionTokens(secret: () => Promise<Uint8Array>, ttlSeconds = 3 * 60 * 60) {
  return {
    async issue(claims: Omit<SessionClaims, 'lid'> & { lid?: string }): Promise<string> {
      return new SignJWT({ ...claims, lid: claims.lid ?? crypto.randomUUID() })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(await secret());
    },
    async verify(token: string | undefined): Promise<SessionClaims> {
      if (!token) throw new LtiError('session_invalid', 'no session token', 401);
      try {
        const { payload } = await jwtVerify(token, await secret(), { algorithms: ['HS256'], issuer: ISSUER });
        return payload as unknown as SessionClaims;
      } catch {
        throw new LtiError('session_invalid', 'session token is invalid or expired', 401);
      }
    },
  };
}
export type SessionTokens = ReturnType<typeof createSessionTokens>;

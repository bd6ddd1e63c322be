/**
 * Registration tokens the demo hands to a tool with the registration initiation (LTI Dynamic
 * Registration 1.0 §3.3): random, single-use, valid for an hour, memory-only. Each remembers the
 * client id it produced, so the tools page can point at the new registration.
 */
import crypto from 'node:crypto';

const TTL_MS = 60 * 60_000;

export interface RegistrationTokens {
  issue(): { token: string; attempt: string };
  /** True when the token is known, unused and unexpired (does not consume it). */
  valid(token: string): boolean;
  /** Marks the token used by `clientId`; false when it was not valid (replay, unknown, expired). */
  consume(token: string, clientId: string): boolean;
  /** The client id registered with the token of `attempt`, if any. */
  resultOf(attempt: string): string | undefined;
}

export function createRegistrationTokens(now: () => number = Date.now): RegistrationTokens {
  const tokens = new Map<string, { attempt: string; expiresAt: number; clientId?: string }>();
  const sweep = () => { const t = now(); for (const [k, v] of tokens) if (v.expiresAt + TTL_MS < t) tokens.delete(k); };
  return {
    issue() {
      sweep();
      const token = crypto.randomBytes(32).toString('base64url');
      const attempt = crypto.randomBytes(9).toString('base64url');
      tokens.set(token, { attempt, expiresAt: now() + TTL_MS });
      return { token, attempt };
    },
    valid(token) {
      const t = tokens.get(token);
      return !!t && !t.clientId && t.expiresAt > now();
    },
    consume(token, clientId) {
      const t = tokens.get(token);
      if (!t || t.clientId || t.expiresAt <= now()) return false;
      t.clientId = clientId;
      return true;
    },
    resultOf(attempt) {
      for (const v of tokens.values()) if (v.attempt === attempt) return v.clientId;
      return undefined;
    },
  };
}

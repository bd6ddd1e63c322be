/**
 * Pending dynamic registrations, between the confirmation page and the admin's "Register".
 * The page carries a random session id and a one-time confirmation token (never a cookie: the
 * page runs in the LMS's iframe, where third-party cookies are often blocked). Only a hash of
 * the token is kept; taking a session consumes it, so a replayed or forged confirmation fails.
 * Memory-only and short-lived: a restart simply means "start again from the LMS".
 */
import crypto from 'node:crypto';
import type { PlatformConfiguration } from './registration.schemas';

export interface PendingRegistration {
  configUrl: string;
  config: PlatformConfiguration;
  registrationToken?: string;
}

export interface RegistrationSessions {
  create(pending: PendingRegistration): { id: string; token: string };
  /** The pending registration when id and token match; consumed either way once the id is known. */
  take(id: string, token: string): PendingRegistration | undefined;
  /** Peeks without consuming (to frame an error page for the right LMS). */
  peek(id: string): PendingRegistration | undefined;
  readonly size: number;
}

const hash = (s: string) => crypto.createHash('sha256').update(s).digest();

export function createRegistrationSessions(opts: { ttlMs?: number; max?: number; now?: () => number } = {}): RegistrationSessions {
  const ttl = opts.ttlMs ?? 30 * 60_000;
  const max = opts.max ?? 1000;
  const now = opts.now ?? Date.now;
  const store = new Map<string, { pending: PendingRegistration; tokenHash: Buffer; expiresAt: number }>();

  function sweep() {
    const t = now();
    for (const [k, v] of store) if (v.expiresAt <= t) store.delete(k);
    // Bound memory: an anonymous GET creates a session, so drop the oldest beyond the cap.
    while (store.size >= max) store.delete(store.keys().next().value!);
  }

  return {
    create(pending) {
      sweep();
      const id = crypto.randomBytes(16).toString('base64url');
      const token = crypto.randomBytes(32).toString('base64url');
      store.set(id, { pending, tokenHash: hash(token), expiresAt: now() + ttl });
      return { id, token };
    },
    take(id, token) {
      const entry = store.get(id);
      if (!entry) return undefined;
      store.delete(id);
      if (entry.expiresAt <= now()) return undefined;
      return crypto.timingSafeEqual(entry.tokenHash, hash(token)) ? entry.pending : undefined;
    },
    peek(id) {
      const entry = store.get(id);
      return entry && entry.expiresAt > now() ? entry.pending : undefined;
    },
    get size() { return store.size; },
  };
}

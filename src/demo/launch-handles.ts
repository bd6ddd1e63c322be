/**
 * `lti_message_hint` handles: random, opaque, server-side. The hint names a launch context
 * (who, which link, which message type, which locale); the authorization endpoint looks it up
 * instead of trusting anything the browser sends back. Reusable until expiry because the tool
 * may legitimately restart the login (a reloaded iframe); memory-only because a handle is
 * minutes old and a restart simply means clicking "Launch" again.
 */
import crypto from 'node:crypto';
import type { LaunchHandle } from './demo.types';

const TTL_MS = 60 * 60 * 1000;
const MAX_HANDLES = 10_000;

export interface LaunchHandles {
  create(h: Omit<LaunchHandle, 'expiresAt'>): string;
  get(hint: string): LaunchHandle | undefined;
}

export function createLaunchHandles(now = () => Date.now()): LaunchHandles {
  const handles = new Map<string, LaunchHandle>();
  return {
    create(h) {
      if (handles.size >= MAX_HANDLES) {
        for (const [k, v] of handles) if (v.expiresAt <= now() || handles.size >= MAX_HANDLES) handles.delete(k);
      }
      const hint = crypto.randomBytes(24).toString('base64url');
      handles.set(hint, { ...h, expiresAt: now() + TTL_MS });
      return hint;
    },
    get(hint) {
      const h = handles.get(hint);
      if (!h) return undefined;
      if (h.expiresAt <= now()) { handles.delete(hint); return undefined; }
      return h;
    },
  };
}

/**
 * What the demo remembers about the Deep Linking requests it issued (DL 2.0 §4.4.1 `data`):
 * each request carries a random, opaque `data` value naming a server-side record (who asked,
 * in which class, of which tool); the response must echo it, and it is accepted once. The
 * response `nonce`s are remembered per tool until they expire, so a response cannot be
 * replayed either. Memory-only, like launch handles: a request is minutes old.
 */
import crypto from 'node:crypto';

const TTL_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

export interface DeepLinkRequest {
  toolClientId: string;
  deploymentId: string;
  contextId: string;
  userId: string;
  locale: 'vi' | 'en';
  expiresAt: number;
}

export interface DeepLinkRequests {
  /** Records a request and returns its `data` value. */
  issue(r: Omit<DeepLinkRequest, 'expiresAt'>): string;
  /** The record behind `data`, if it was issued, is unexpired and unused; does not consume it. */
  peek(data: string): DeepLinkRequest | undefined;
  /** Consumes `data`: true the first time only. */
  consume(data: string): boolean;
  /** Remembers a response nonce of `toolClientId` until `expMs`: true the first time only. */
  useNonce(toolClientId: string, nonce: string, expMs: number): boolean;
}

function prune<V>(map: Map<string, V>, expired: (v: V) => boolean): void {
  if (map.size < MAX_ENTRIES) return;
  for (const [k, v] of map) if (expired(v) || map.size >= MAX_ENTRIES) map.delete(k);
}

export function createDeepLinkRequests(now = () => Date.now()): DeepLinkRequests {
  const requests = new Map<string, DeepLinkRequest & { used: boolean }>();
  const nonces = new Map<string, number>(); // `${clientId} ${nonce}` → expiry (ms)
  return {
    issue(r) {
      prune(requests, (v) => v.expiresAt <= now());
      const data = crypto.randomBytes(24).toString('base64url');
      requests.set(data, { ...r, expiresAt: now() + TTL_MS, used: false });
      return data;
    },
    peek(data) {
      const r = requests.get(data);
      if (!r || r.used || r.expiresAt <= now()) return undefined;
      const { used: _used, ...rest } = r;
      return rest;
    },
    consume(data) {
      const r = requests.get(data);
      if (!r || r.used || r.expiresAt <= now()) return false;
      r.used = true; // kept until it expires, so a replay is told apart from a made-up value
      return true;
    },
    useNonce(toolClientId, nonce, expMs) {
      for (const [k, exp] of nonces) if (exp <= now()) nonces.delete(k);
      const key = `${toolClientId} ${nonce}`;
      if (nonces.has(key)) return false;
      nonces.set(key, expMs);
      return true;
    },
  };
}

/**
 * Platform public keys, fetched from each platform's keyset URL and cached per URL with the
 * imported keys (importing costs twice the verification itself). An unknown `kid` triggers a
 * refresh, at most once per minInterval, so a stream of forged kids cannot hammer the LMS.
 */
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { ServiceError } from './errors';

const Jwks = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) });

interface Entry { keys: Map<string, CryptoKey>; fetchedAt: number; inflight?: Promise<void> }

export interface KeysetCacheOptions { ttlMs?: number; minRefreshMs?: number; timeoutMs?: number; fetch?: typeof fetch }

export function createKeysetCache(opts: KeysetCacheOptions = {}) {
  const ttl = opts.ttlMs ?? 60 * 60 * 1000;
  const minRefresh = opts.minRefreshMs ?? 10_000;
  const timeout = opts.timeoutMs ?? 5_000;
  const doFetch = opts.fetch ?? fetch;
  const cache = new Map<string, Entry>();

  async function refresh(url: string, entry: Entry): Promise<void> {
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeout) });
    } catch (e) {
      throw new ServiceError(`platform keyset unreachable: ${(e as Error).message}`, undefined);
    }
    if (!res.ok) throw new ServiceError(`platform keyset answered ${res.status}`, res.status);
    const body = Jwks.safeParse(await res.json().catch(() => null));
    if (!body.success) throw new ServiceError('platform keyset is not a JWKS document', res.status);
    const keys = new Map<string, CryptoKey>();
    for (const jwk of body.data.keys) {
      if (jwk.kty !== 'RSA' || !jwk.kid) continue; // LTI 1.3 mandates RS256 keys identified by kid
      try {
        keys.set(jwk.kid, (await importJWK(jwk as JWK, 'RS256')) as CryptoKey);
      } catch { /* skip keys we cannot use */ }
    }
    entry.keys = keys;
    entry.fetchedAt = Date.now();
  }

  return {
    /** The platform key with this kid, or undefined when the platform does not publish it. */
    async getKey(url: string, kid: string): Promise<CryptoKey | undefined> {
      let entry = cache.get(url);
      if (!entry) {
        entry = { keys: new Map(), fetchedAt: 0 };
        cache.set(url, entry);
      }
      const fresh = Date.now() - entry.fetchedAt < ttl;
      if (fresh && entry.keys.has(kid)) return entry.keys.get(kid);
      if (!fresh || Date.now() - entry.fetchedAt >= minRefresh) {
        const e = entry;
        e.inflight ??= refresh(url, e).finally(() => { e.inflight = undefined; });
        await e.inflight;
      }
      return entry.keys.get(kid);
    },
    clear: () => cache.clear(),
  };
}
export type KeysetCache = ReturnType<typeof createKeysetCache>;

import { exportJWK, generateKeyPair } from 'jose';
import { createKeysetCache } from '../../../src/lti';

async function jwk(kid: string) {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(publicKey)), kid, alg: 'RS256' };
}

function fakeFetch(bodies: () => unknown, status = 200) {
  const calls: string[] = [];
  const f = (async (url: string) => {
    calls.push(url);
    return new Response(JSON.stringify(bodies()), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { f, calls };
}

describe('platform keyset cache', () => {
  it('fetches once, then serves known kids from the cache', async () => {
    const keys = [await jwk('k1')];
    const { f, calls } = fakeFetch(() => ({ keys }));
    const cache = createKeysetCache({ fetch: f, minRefreshMs: 0 });
    expect(await cache.getKey('https://lms/jwks', 'k1')).toBeDefined();
    expect(await cache.getKey('https://lms/jwks', 'k1')).toBeDefined();
    expect(calls).toHaveLength(1);
  });

  it('refreshes on an unknown kid (the platform rotated its key)', async () => {
    let keys = [await jwk('k1')];
    const { f, calls } = fakeFetch(() => ({ keys }));
    const cache = createKeysetCache({ fetch: f, minRefreshMs: 0 });
    await cache.getKey('u', 'k1');
    keys = [await jwk('k2')];
    expect(await cache.getKey('u', 'k2')).toBeDefined();
    expect(calls).toHaveLength(2);
  });

  it('does not hammer the platform with refreshes for forged kids', async () => {
    const keys = [await jwk('k1')];
    const { f, calls } = fakeFetch(() => ({ keys }));
    const cache = createKeysetCache({ fetch: f, minRefreshMs: 60_000 });
    await cache.getKey('u', 'k1');
    for (let i = 0; i < 10; i++) expect(await cache.getKey('u', `forged-${i}`)).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('reports an unreachable or broken keyset as a service error', async () => {
    await expect(createKeysetCache({ fetch: fakeFetch(() => ({}), 500).f }).getKey('u', 'k')).rejects.toMatchObject({ name: 'ServiceError', status: 500 });
    await expect(createKeysetCache({ fetch: fakeFetch(() => ({ nope: 1 })).f }).getKey('u', 'k')).rejects.toThrow(/not a JWKS/);
    const down = (async () => { throw new Error('ECONNREFUSED'); }) as unknown as typeof fetch;
    await expect(createKeysetCache({ fetch: down }).getKey('u', 'k')).rejects.toThrow(/unreachable/);
  });
});

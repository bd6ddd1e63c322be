/**
 * The demo platform's own RS256 key: generated once, kept in the demo state file (it is a
 * demo, not a secret store), imported once and cached, published at /demo/jwks.
 */
import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { DemoPlatformKey } from './demo.types';

export async function createPlatformKey(): Promise<DemoPlatformKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `demo-${crypto.randomUUID()}`;
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    createdAt: new Date().toISOString(),
  };
}

export interface PlatformSigner {
  sign(payload: JWTPayload, expiresInSeconds: number): Promise<string>;
  jwks(): { keys: JWK[] };
}

export function createPlatformSigner(keys: () => DemoPlatformKey[]): PlatformSigner {
  let cached: { kid: string; key: Promise<CryptoKey> } | undefined;
  const current = () => {
    const key = keys().at(-1);
    if (!key) throw new Error('demo platform has no signing key');
    if (cached?.kid !== key.kid) cached = { kid: key.kid, key: importJWK(key.privateJwk, 'RS256') as Promise<CryptoKey> };
    return cached;
  };
  return {
    async sign(payload, expiresInSeconds) {
      const { kid, key } = current();
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
        .sign(await key);
    },
    jwks: () => ({ keys: keys().map((k) => k.publicJwk) }),
  };
}

/**
 * The tools' public keysets, fetched from their JWKS URLs and cached by jose's
 * createRemoteJWKSet (one per URL, refetched on an unknown `kid` at most every 5 s). Shared by
 * the token endpoint (client assertions) and the deep-linking return (response JWTs).
 */
import { createRemoteJWKSet } from 'jose';

export type RemoteKeyset = ReturnType<typeof createRemoteJWKSet>;

export interface ToolKeysets {
  get(keysetUrl: string): RemoteKeyset;
}

export function createToolKeysets(): ToolKeysets {
  const keysets = new Map<string, RemoteKeyset>();
  return {
    get(url) {
      let ks = keysets.get(url);
      if (!ks) { ks = createRemoteJWKSet(new URL(url), { cooldownDuration: 5_000 }); keysets.set(url, ks); }
      return ks;
    },
  };
}

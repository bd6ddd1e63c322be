/**
 * The tool's RS256 signing keys: generated on first start, private part sealed in the
 * database, public parts published at /lti/keys. Imported keys are cached in memory because
 * re-importing a key on every signature triples its cost (DESIGN.md "Storage").
 */
import crypto from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Db } from '../db';
import { toolKeys, toolSecrets, type Sealer } from '../db';

export interface SigningKey { kid: string; key: CryptoKey }
export interface ToolKeys {
  signingKey(): Promise<SigningKey>;
  jwks(): Promise<{ keys: JWK[] }>;
  /** A 32-byte secret for HMAC session tokens, generated once and kept sealed. */
  sessionSecret(): Promise<Uint8Array>;
  ensure(): Promise<void>;
}

export async function createKeyRecord(sealer: Sealer, status: 'active' | 'next') {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = crypto.randomUUID();
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  return { kid, publicJwk: pub, privateJwkSealed: sealer.seal(JSON.stringify(priv)), status };
}

export function createToolKeys(db: Db, sealer: Sealer): ToolKeys {
  let signing: Promise<SigningKey> | undefined;
  let secret: Promise<Uint8Array> | undefined;

  async function loadSigning(): Promise<SigningKey> {
    let [row] = await db.select().from(toolKeys).where(eq(toolKeys.status, 'active')).limit(1);
    if (!row) {
      await db.insert(toolKeys).values(await createKeyRecord(sealer, 'active')).onConflictDoNothing();
      [row] = await db.select().from(toolKeys).where(eq(toolKeys.status, 'active')).limit(1);
    }
    if (!row) throw new Error('no active tool key');
    const key = (await importJWK(JSON.parse(sealer.open(row.privateJwkSealed)) as JWK, 'RS256')) as CryptoKey;
    return { kid: row.kid, key };
  }

  async function loadSecret(): Promise<Uint8Array> {
    const name = 'session_hmac';
    await db.insert(toolSecrets)
      .values({ name, sealed: sealer.seal(crypto.randomBytes(32).toString('base64')) })
      .onConflictDoNothing();
    const [row] = await db.select().from(toolSecrets).where(eq(toolSecrets.name, name));
    return new Uint8Array(Buffer.from(sealer.open(row!.sealed), 'base64'));
  }

  const api: ToolKeys = {
    signingKey: () => (signing ??= loadSigning().catch((e) => { signing = undefined; throw e; })),
    sessionSecret: () => (secret ??= loadSecret().catch((e) => { secret = undefined; throw e; })),
    async jwks() {
      await api.signingKey();
      const rows = await db.select().from(toolKeys).where(inArray(toolKeys.status, ['active', 'next', 'retired']));
      const now = Date.now();
      return {
        keys: rows
          .filter((r) => r.status !== 'retired' || (r.retiresAt && r.retiresAt.getTime() > now))
          .map((r) => r.publicJwk as JWK),
      };
    },
    async ensure() {
      await api.signingKey();
      await api.sessionSecret();
    },
  };
  return api;
}

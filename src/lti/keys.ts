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

/**
 * Key rotation: a new key becomes the signing key at once; the old one stays published in the
 * JWKS for the grace period (platforms cache keysets) and is then dropped from it.
 */
export async function rotateToolKey(db: Db, sealer: Sealer, graceHours = 72): Promise<{ kid: string; retired: string[] }> {
  const record = await createKeyRecord(sealer, 'active');
  return db.transaction(async (tx) => {
    const old = await tx.update(toolKeys)
      .set({ status: 'retired', retiresAt: new Date(Date.now() + graceHours * 3600_000) })
      .where(eq(toolKeys.status, 'active')).returning({ kid: toolKeys.kid });
    await tx.insert(toolKeys).values(record);
    return { kid: record.kid, retired: old.map((o) => o.kid) };
  });
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

  let loadedAt = 0;
  const api: ToolKeys = {
    // Re-read the active key every minute, so a rotation made by the CLI (possibly from another
    // process, on a PostgreSQL server) is picked up without a restart.
    signingKey: () => {
      if (Date.now() - loadedAt > 60_000) { signing = undefined; loadedAt = Date.now(); }
      return (signing ??= loadSigning().catch((e) => { signing = undefined; throw e; }));
    },
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

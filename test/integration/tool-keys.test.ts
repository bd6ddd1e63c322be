/** Tool key rotation: the new key signs at once; the old stays published for the grace period. */
import { sql } from 'drizzle-orm';
import { createSealer } from '../../src/db';
import { createToolKeys, rotateToolKey } from '../../src/lti';
import { openTestDb, type TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => { t = await openTestDb(); });
afterAll(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

const sealer = createSealer(Buffer.alloc(32, 9));

it('generates a key on first use, keeps its private part sealed, and rotates with a grace period', async () => {
  const keys = createToolKeys(t.database.db, sealer);
  const first = await keys.signingKey();
  const stored = (await t.database.db.execute(sql`select private_jwk_sealed from tool_key`) as unknown as { rows: Array<{ private_jwk_sealed: string }> }).rows[0]!;
  expect(stored.private_jwk_sealed).toMatch(/^v1\./);
  expect(stored.private_jwk_sealed).not.toContain('"d"');

  const { kid, retired } = await rotateToolKey(t.database.db, sealer, 1);
  expect(retired).toEqual([first.kid]);
  const fresh = createToolKeys(t.database.db, sealer); // another process, or this one after its cache refresh
  expect((await fresh.signingKey()).kid).toBe(kid);
  expect((await fresh.jwks()).keys.map((k) => k.kid).sort()).toEqual([first.kid, kid].sort());

  await t.database.db.execute(sql`update tool_key set retires_at = now() - interval '1 second' where status = 'retired'`);
  expect((await fresh.jwks()).keys.map((k) => k.kid)).toEqual([kid]);
});

it('refuses to open keys sealed under another encryption key, with a message that says so', async () => {
  await createToolKeys(t.database.db, sealer).signingKey();
  const other = createToolKeys(t.database.db, createSealer(Buffer.alloc(32, 1)));
  await expect(other.signingKey()).rejects.toThrow(/ENCRYPTION_KEY/);
});

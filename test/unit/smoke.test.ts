import { generateKeyPair, SignJWT, jwtVerify } from 'jose';
import { PGlite } from '@electric-sql/pglite';
test('jose+pglite', async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const t = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
  expect((await jwtVerify(t, publicKey)).payload.a).toBe(1);
  const db = new PGlite();
  const r = await db.query('select 1 as x');
  expect(r.rows[0]).toEqual({ x: 1 });
  await db.close();
});

/**
 * Admin console sign-in: accounts from the CLI, the session cookie, expiry, logout, CSRF on the
 * login and logout forms, the login rate limit, disabled accounts, and logs without emails.
 */
import request from 'supertest';
import { eq, sql } from 'drizzle-orm';
import { runAdminCli } from '../../src/admin';
import { adminAccounts, adminSessions } from '../../src/db/schema-admin';
import { sha256 } from '../../src/admin/session.repository';
import { createAdminHarness, cookieValue, csrfOf, setCookies, PASSWORD, type AdminHarness } from '../unit/admin/admin-harness';

let h: AdminHarness;
beforeAll(async () => { h = await createAdminHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(async () => { await h.reset(); });

const EMAIL = 'operator@school.example';
const db = () => h.testDb.database.db;

async function postLogin(app: ReturnType<AdminHarness['app']>, email: string, password: string, extraCookie = '') {
  const pre = cookieValue(await request(app).get('/admin/login'), 'fs_admin_login')!;
  return request(app).post('/admin/login').set('Accept-Language', 'en').set('Cookie', `fs_admin_login=${pre}${extraCookie}`).type('form').send({ _csrf: pre, email, password });
}

describe('admin accounts from the CLI', () => {
  it('creates an account with a scrypt hash; refuses weak passwords, duplicates and --password', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { db: db(), readPassword: async () => PASSWORD, err: (l: string) => err.push(l) };
    expect(await runAdminCli(['admin', 'create', '--email', 'Operator@School.example', '--password-stdin'], (l) => out.push(l), io)).toBe(0);
    const [row] = await db().select().from(adminAccounts);
    expect(row!.email).toBe(EMAIL);
    expect(row!.passwordHash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);

    expect(await runAdminCli(['admin', 'create', '--email', EMAIL, '--password-stdin'], () => {}, io)).toBe(1);
    expect(await runAdminCli(['admin', 'create', '--email', 'b@school.example', '--password-stdin'], () => {}, { ...io, readPassword: async () => 'password1234' })).toBe(1);
    expect(await runAdminCli(['admin', 'create', '--email', 'c@school.example', '--password', PASSWORD], () => {}, io)).toBe(64);
    expect(err.join('\n')).toMatch(/shell history/);
    expect(await db().select().from(adminAccounts)).toHaveLength(1);

    const listed: string[] = [];
    expect(await runAdminCli(['admin', 'list', '--json'], (l) => listed.push(l), io)).toBe(0);
    expect(JSON.parse(listed.join(''))).toEqual([expect.objectContaining({ email: EMAIL, status: 'active' })]);
  });

  it('reset-password replaces the hash and ends sessions', async () => {
    const app = h.app();
    await h.account(EMAIL);
    const s = await h.signIn(app, EMAIL);
    const io = { db: db(), readPassword: async () => 'a brand new passphrase', err: () => {} };
    expect(await runAdminCli(['admin', 'reset-password', '--email', EMAIL, '--password-stdin'], () => {}, io)).toBe(0);
    expect((await request(app).get('/admin').set('Cookie', s.cookie)).status).toBe(303);
    expect((await postLogin(app, EMAIL, PASSWORD)).status).toBe(401);
    expect((await postLogin(app, EMAIL, 'a brand new passphrase')).status).toBe(303);
  });
});

describe('admin sign-in', () => {
  it('refuses a wrong password and an unknown email alike, and accepts the right one', async () => {
    const app = h.app();
    await h.account(EMAIL);
    const wrong = await postLogin(app, EMAIL, 'not the password at all');
    const unknown = await postLogin(app, 'nobody@school.example', PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain('Wrong email or password.');
      expect(cookieValue(res, 'fs_admin')).toBeUndefined();
    }
    const ok = await postLogin(app, EMAIL, PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/admin');
  });

  it('sets an HttpOnly, SameSite=Strict, /admin-scoped cookie, Secure under https, and stores only its hash', async () => {
    await h.account(EMAIL);
    const res = await postLogin(h.app(), EMAIL, PASSWORD);
    const line = setCookies(res).find((c) => c.startsWith('fs_admin='))!;
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).toMatch(/; Path=\/admin(;|$)/);
    expect(line).not.toMatch(/Secure/);
    const id = cookieValue(res, 'fs_admin')!;
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    const rows = await db().select().from(adminSessions);
    expect(rows.map((r) => r.idHash)).toEqual([sha256(id)]);

    const secure = await postLogin(h.app({ config: { publicUrl: 'https://tool.example', https: true } }), EMAIL, PASSWORD);
    expect(setCookies(secure).find((c) => c.startsWith('fs_admin='))).toMatch(/; Secure/);
  });

  it('rotates the session id on sign-in (the previous session is deleted)', async () => {
    const app = h.app();
    await h.account(EMAIL);
    const first = await h.signIn(app, EMAIL);
    const again = await postLogin(app, EMAIL, PASSWORD, `; ${first.cookie}`);
    const second = cookieValue(again, 'fs_admin')!;
    expect(second).not.toBe(first.sessionId);
    const hashes = (await db().select().from(adminSessions)).map((r) => r.idHash);
    expect(hashes).toEqual([sha256(second)]);
    expect((await request(app).get('/admin').set('Cookie', first.cookie)).status).toBe(303);
  });

  it('ends a session idle for 30 minutes and any session 8 hours after sign-in', async () => {
    const app = h.app();
    await h.account(EMAIL);
    const s = await h.signIn(app, EMAIL);
    const where = eq(adminSessions.idHash, sha256(s.sessionId));
    await db().update(adminSessions).set({ lastSeenAt: sql`now() - interval '29 minutes'` }).where(where);
    expect((await request(app).get('/admin').set('Cookie', s.cookie)).status).toBe(200); // and touches last_seen_at
    await db().update(adminSessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` }).where(where);
    const idle = await request(app).get('/admin').set('Cookie', s.cookie);
    expect(idle.status).toBe(303);
    expect(idle.headers.location).toMatch(/^\/admin\/login/);
    expect(await db().select().from(adminSessions)).toHaveLength(0);

    const t = await h.signIn(app, EMAIL);
    await db().update(adminSessions).set({ createdAt: sql`now() - interval '8 hours 1 minute'` }).where(eq(adminSessions.idHash, sha256(t.sessionId)));
    expect((await request(app).get('/admin').set('Cookie', t.cookie)).status).toBe(303);
  });

  it('logs out: needs the CSRF token, deletes the session and clears the cookie', async () => {
    const app = h.app();
    await h.account(EMAIL);
    const s = await h.signIn(app, EMAIL);
    expect((await request(app).post('/admin/logout').set('Cookie', s.cookie).type('form').send({})).status).toBe(403);
    expect(await db().select().from(adminSessions)).toHaveLength(1);
    const out = await request(app).post('/admin/logout').set('Cookie', s.cookie).type('form').send({ _csrf: s.csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/admin/login');
    expect(setCookies(out).find((c) => c.startsWith('fs_admin='))).toMatch(/^fs_admin=;.*Max-Age=0/);
    expect(await db().select().from(adminSessions)).toHaveLength(0);
    expect((await request(app).get('/admin').set('Cookie', s.cookie)).status).toBe(303);
  });

  it('refuses a login post without the login form token (login CSRF)', async () => {
    const app = h.app();
    await h.account(EMAIL);
    const noCookie = await request(app).post('/admin/login').type('form').send({ _csrf: 'x', email: EMAIL, password: PASSWORD });
    const wrong = await request(app).post('/admin/login').set('Cookie', 'fs_admin_login=abc').type('form').send({ _csrf: 'abd', email: EMAIL, password: PASSWORD });
    for (const res of [noCookie, wrong]) {
      expect(res.status).toBe(403);
      expect(cookieValue(res, 'fs_admin')).toBeUndefined();
    }
    expect(await db().select().from(adminSessions)).toHaveLength(0);
  });

  it('refuses a disabled account with the generic message, and disabling ends its sessions', async () => {
    const app = h.app();
    await h.account(EMAIL);
    const s = await h.signIn(app, EMAIL);
    expect(await runAdminCli(['admin', 'disable', '--email', EMAIL], () => {}, { db: db(), err: () => {} })).toBe(0);
    expect((await request(app).get('/admin').set('Cookie', s.cookie)).status).toBe(303);
    const res = await postLogin(app, EMAIL, PASSWORD);
    expect(res.status).toBe(401);
    expect(res.text).toContain('Wrong email or password.');
  });
});

describe('admin login rate limit', () => {
  it('after 5 failures for an account, answers 429 with Retry-After, even to the right password', async () => {
    const app = h.app();
    await h.account(EMAIL);
    for (let i = 0; i < 5; i++) expect((await postLogin(app, EMAIL, `wrong password ${i}`)).status).toBe(401);
    const blocked = await postLogin(app, EMAIL, PASSWORD);
    expect(blocked.status).toBe(429);
    const wait = Number(blocked.headers['retry-after']);
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(blocked.text).toContain('Too many failed sign-ins');
    expect(cookieValue(blocked, 'fs_admin')).toBeUndefined();
    // Once the failures are older than the window, the right password works again.
    await db().execute(sql`update admin_login_failure set at = now() - interval '16 minutes'`);
    expect((await postLogin(app, EMAIL, PASSWORD)).status).toBe(303);
  });

  it('limits per client IP too, across different emails', async () => {
    const app = h.app({ limits: { windowSeconds: 900, maxPerAccount: 100, maxPerIp: 3 } });
    await h.account(EMAIL);
    for (let i = 0; i < 3; i++) expect((await postLogin(app, `guess${i}@school.example`, 'whatever whatever')).status).toBe(401);
    const blocked = await postLogin(app, EMAIL, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps emails out of the logs and the failure table (account ids only)', async () => {
    const app = h.app();
    const id = await h.account(EMAIL);
    await postLogin(app, EMAIL, 'wrong password here');
    await postLogin(app, EMAIL, PASSWORD);
    const text = h.logs.join('');
    expect(text).toContain(id);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain('operator');
    const keys = await db().execute(sql`select key from admin_login_failure`) as unknown as { rows: Array<{ key: string }> };
    expect(keys.rows.map((r) => r.key).join(' ')).not.toMatch(/operator|127\.0\.0\.1/);
  });
});

describe('admin response headers', () => {
  it('forbids framing and posting forms elsewhere, and is not cached', async () => {
    const res = await request(h.app()).get('/admin/login');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(csrfOf(res.text)).toBe(cookieValue(res, 'fs_admin_login'));
  });
});

/**
 * Admin console pages: the sign-in guard on every route, CSRF on every form, manual platform
 * registration (localized validation, nothing saved on error), removal, grade-sync health and
 * "retry failed" for one deployment only, and account management.
 */
import request from 'supertest';
import { eq, sql } from 'drizzle-orm';
import { assignments, contexts, deployments, gradeSyncs, platforms, users } from '../../src/db';
import { adminAccounts } from '../../src/db/schema-admin';
import { createAdminHarness, type AdminHarness } from '../unit/admin/admin-harness';

let h: AdminHarness;
beforeAll(async () => { h = await createAdminHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(async () => { await h.reset(); });

const db = () => h.testDb.database.db;
const ID = '00000000-0000-4000-8000-000000000001';
const VALID = {
  name: 'Moodle of Hoa Binh school', issuer: 'https://moodle.school.example', clientId: 'client-1',
  authUrl: 'https://moodle.school.example/mod/lti/auth.php', tokenUrl: 'https://moodle.school.example/mod/lti/token.php',
  keysetUrl: 'https://moodle.school.example/mod/lti/certs.php', deploymentId: '7', deploymentName: 'Hoa Binh',
};

async function signedIn() {
  const app = h.app();
  const accountId = await h.account('op@school.example');
  return { app, accountId, ...(await h.signIn(app, 'op@school.example')) };
}

describe('the sign-in guard', () => {
  const pages = ['/admin', '/admin/grades', '/admin/accounts', '/admin/platforms/new', `/admin/platforms/${ID}/remove`, `/admin/deployments/${ID}/report`];
  const posts = ['/admin/platforms', `/admin/platforms/${ID}/remove`, `/admin/deployments/${ID}/retry-failed`, `/admin/accounts/${ID}/disable`, '/admin/logout'];

  it.each(pages)('GET %s without a session redirects to the login page', async (path) => {
    const res = await request(h.app()).get(path);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
  });

  it.each(posts)('POST %s without a session answers 401 (problem JSON for API clients)', async (path) => {
    const page = await request(h.app()).post(path).type('form').send({ _csrf: 'x' });
    expect(page.status).toBe(401);
    expect(page.type).toBe('text/html');
    const json = await request(h.app()).post(path).set('Accept', 'application/json').type('form').send({});
    expect(json.status).toBe(401);
    expect(json.type).toBe('application/problem+json');
    expect(JSON.parse(json.text)).toMatchObject({ status: 401, code: 'admin_auth_required' });
  });

  it('a forged cookie is no session', async () => {
    const res = await request(h.app()).get('/admin').set('Cookie', `fs_admin=${Buffer.alloc(32, 1).toString('base64url')}`);
    expect(res.status).toBe(303);
  });

  it('returns to the asked-for page after signing in, and never to another site', async () => {
    const app = h.app();
    await h.account('op@school.example');
    const form = await request(app).get('/admin/login?next=%2Fadmin%2Fgrades');
    expect(form.text).toContain('name="next" value="/admin/grades"');
    const evil = await request(app).get('/admin/login?next=https%3A%2F%2Fevil.example');
    expect(evil.text).toContain('name="next" value="/admin"');
  });
});

describe('CSRF on console forms', () => {
  it('refuses a missing, wrong or other session\'s token with 403 and changes nothing', async () => {
    const s = await signedIn();
    const other = await h.signIn(s.app, 'op@school.example');
    for (const token of [undefined, 'wrong', other.csrf]) {
      const res = await request(s.app).post('/admin/platforms').set('Cookie', s.cookie).type('form').send({ ...VALID, _csrf: token });
      expect(res.status).toBe(403);
    }
    expect(await db().select().from(platforms)).toHaveLength(0);
  });
});

describe('platform registration', () => {
  it('registers a platform and its deployment from the form', async () => {
    const s = await signedIn();
    const res = await request(s.app).post('/admin/platforms').set('Cookie', s.cookie).type('form').send({ ...VALID, _csrf: s.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin?msg=registered');
    const [p] = await db().select().from(platforms);
    expect(p).toMatchObject({ issuer: VALID.issuer, clientId: 'client-1', name: VALID.name, keysetUrl: VALID.keysetUrl });
    const [d] = await db().select().from(deployments);
    expect(d).toMatchObject({ platformId: p!.id, deploymentId: '7', name: 'Hoa Binh' });
    expect(h.changes).toBe(1);
    const home = await request(s.app).get(res.headers.location!).set('Cookie', s.cookie).set('Accept-Language', 'en');
    expect(home.text).toContain('The platform is registered.');
    expect(home.text).toContain(`/admin/deployments/${d!.id}/report`);
  });

  it('shows localized errors next to the fields and saves nothing', async () => {
    const s = await signedIn();
    const bad = { ...VALID, issuer: '  ', authUrl: 'ftp://moodle.school.example/auth', keysetUrl: 'not a url', _csrf: s.csrf };
    const res = await request(s.app).post('/admin/platforms?lang=fr').set('Cookie', s.cookie).type('form').send(bad);
    expect(res.status).toBe(400);
    expect(res.text).toContain('3 champs sont à corriger.');
    expect(res.text).toMatch(/id="pf-issuer-error">.*Ce champ est obligatoire\./);
    expect(res.text).toMatch(/id="pf-authUrl-error">.*Saisissez une adresse complète/);
    expect(res.text).toMatch(/id="pf-keysetUrl-error">.*Saisissez une adresse complète/);
    expect(res.text).not.toMatch(/id="pf-tokenUrl-error"/);
    expect(res.text).toContain('value="not a url"'); // the operator's input comes back to fix
    expect(await db().select().from(platforms)).toHaveLength(0);
    expect(await db().select().from(deployments)).toHaveLength(0);
    expect(h.changes).toBe(0);
  });

  it('escapes what the operator typed', async () => {
    const s = await signedIn();
    const res = await request(s.app).post('/admin/platforms').set('Cookie', s.cookie).type('form').send({ ...VALID, issuer: '', name: '<script>x</script>', _csrf: s.csrf });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<script>x</script>');
    expect(res.text).toContain('&lt;script&gt;x&lt;/script&gt;');
  });

  it('removes a platform only after the confirmation page\'s post', async () => {
    const s = await signedIn();
    await request(s.app).post('/admin/platforms').set('Cookie', s.cookie).type('form').send({ ...VALID, _csrf: s.csrf });
    const [p] = await db().select().from(platforms);
    const confirm = await request(s.app).get(`/admin/platforms/${p!.id}/remove`).set('Cookie', s.cookie).set('Accept-Language', 'en');
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Remove this platform?');
    expect(await db().select().from(platforms)).toHaveLength(1);
    const done = await request(s.app).post(`/admin/platforms/${p!.id}/remove`).set('Cookie', s.cookie).type('form').send({ _csrf: s.csrf });
    expect(done.status).toBe(303);
    expect(await db().select().from(platforms)).toHaveLength(0);
    expect(await db().select().from(deployments)).toHaveLength(0);
    expect((await request(s.app).get(`/admin/platforms/${p!.id}/remove`).set('Cookie', s.cookie)).status).toBe(404);
  });
});

/** Two schools on one platform, each with failed, pending and done outbox rows. */
async function seedSyncs() {
  const [p] = await db().insert(platforms).values({ issuer: 'https://lms.example', clientId: 'c', name: 'LMS', authUrl: 'https://lms.example/a', tokenUrl: 'https://lms.example/t', keysetUrl: 'https://lms.example/k' }).returning();
  const [u] = await db().insert(users).values({ platformId: p!.id, sub: 'student-1' }).returning();
  const out: string[] = [];
  for (const name of ['School A', 'School B']) {
    const [d] = await db().insert(deployments).values({ platformId: p!.id, deploymentId: name, name }).returning();
    const [c] = await db().insert(contexts).values({ deploymentId: d!.id, ltiContextId: 'class' }).returning();
    const [a] = await db().insert(assignments).values({ deploymentId: d!.id, contextId: c!.id, resourceLinkId: 'rl', lessonId: 'b-3', lessonVersion: 1 }).returning();
    const row = { deploymentId: d!.id, assignmentId: a!.id, userId: u!.id, attemptId: null, score: {} };
    await db().insert(gradeSyncs).values([
      { ...row, status: 'failed', tries: 12, lastError: `LMS answered 400 for ${name}`, nextTryAt: sql`now() + interval '1 day'` },
      { ...row, status: 'failed', tries: 3, lastError: 'LMS answered 403' },
      { ...row, status: 'pending', tries: 1 },
      { ...row, status: 'done', tries: 1 },
    ]);
    out.push(d!.id);
  }
  return out as [string, string];
}

describe('grade-sync health', () => {
  it('shows counts per deployment and the latest failures with their reason', async () => {
    const s = await signedIn();
    await seedSyncs();
    const res = await request(s.app).get('/admin/grades').set('Cookie', s.cookie).set('Accept-Language', 'en');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/Failed: <strong>4<\/strong>/);
    expect(res.text).toMatch(/Waiting: <strong>2<\/strong>/);
    expect(res.text).toContain('LMS answered 400 for School A');
    expect(res.text).toContain('LMS answered 400 for School B');
    expect(res.text).toContain('12 tries');
  });

  it('retry failed resets the failed rows of that deployment only', async () => {
    const s = await signedIn();
    const [a, b] = await seedSyncs();
    const res = await request(s.app).post(`/admin/deployments/${a}/retry-failed`).set('Cookie', s.cookie).type('form').send({ _csrf: s.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/grades?retried=2');
    const rows = await db().select({ dep: gradeSyncs.deploymentId, status: gradeSyncs.status, tries: gradeSyncs.tries, due: sql<boolean>`${gradeSyncs.nextTryAt} <= now()` }).from(gradeSyncs);
    const ofA = rows.filter((r) => r.dep === a);
    const ofB = rows.filter((r) => r.dep === b);
    expect(ofA.map((r) => r.status).sort()).toEqual(['done', 'pending', 'pending', 'pending']);
    expect(ofA.filter((r) => r.status === 'pending').every((r) => r.due)).toBe(true);
    expect(ofA.filter((r) => r.status === 'pending').map((r) => r.tries).sort()).toEqual([0, 0, 1]);
    expect(ofB.map((r) => r.status).sort()).toEqual(['done', 'failed', 'failed', 'pending']);
    expect(ofB.filter((r) => r.status === 'failed').map((r) => r.tries).sort((x, y) => x - y)).toEqual([3, 12]);
    expect(h.kicks).toBe(1);
  });

  it('retry failed without the CSRF token changes nothing', async () => {
    const s = await signedIn();
    const [a] = await seedSyncs();
    const res = await request(s.app).post(`/admin/deployments/${a}/retry-failed`).set('Cookie', s.cookie).type('form').send({ _csrf: 'nope' });
    expect(res.status).toBe(403);
    expect((await db().select().from(gradeSyncs).where(eq(gradeSyncs.status, 'failed')))).toHaveLength(4);
  });
});

describe('accounts', () => {
  it('lists accounts and disables another operator (whose sessions end), but not oneself', async () => {
    const s = await signedIn();
    const otherId = await h.account('second@school.example');
    const other = await h.signIn(s.app, 'second@school.example');
    const list = await request(s.app).get('/admin/accounts').set('Cookie', s.cookie).set('Accept-Language', 'en');
    expect(list.text).toContain('second@school.example');
    expect(list.text).toContain(`/admin/accounts/${otherId}/disable`);
    expect(list.text).not.toContain(`/admin/accounts/${s.accountId}/disable`);
    const self = await request(s.app).post(`/admin/accounts/${s.accountId}/disable`).set('Cookie', s.cookie).type('form').send({ _csrf: s.csrf });
    expect(self.status).toBe(409);
    const res = await request(s.app).post(`/admin/accounts/${otherId}/disable`).set('Cookie', s.cookie).type('form').send({ _csrf: s.csrf });
    expect(res.status).toBe(303);
    const [row] = await db().select().from(adminAccounts).where(eq(adminAccounts.id, otherId));
    expect(row!.disabledAt).not.toBeNull();
    expect((await request(s.app).get('/admin').set('Cookie', other.cookie)).status).toBe(303);
    expect((await request(s.app).get('/admin').set('Cookie', s.cookie)).status).toBe(200);
  });
});

describe('language', () => {
  it('switches language with ?lang= and remembers it', async () => {
    const s = await signedIn();
    const vi = await request(s.app).get('/admin?lang=vi').set('Cookie', s.cookie).set('Accept-Language', 'en');
    expect(vi.text).toContain('<html lang="vi">');
    expect(vi.text).toContain('Nền tảng và trường học');
    const remembered = await request(s.app).get('/admin').set('Cookie', `${s.cookie}; fs_admin_lang=id`).set('Accept-Language', 'en');
    expect(remembered.text).toContain('Platform dan sekolah');
  });
});

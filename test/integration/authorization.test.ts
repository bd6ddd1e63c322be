/**
 * Walks the whole authorization table (test/helpers/authz-fixtures.ts) against the running app:
 * two schools (deployments) on the loopback platform, two classes in school 1, one in school 2,
 * a session for each role from real launches, an operator signed in through /admin/login.
 * Every cell: the exact status (and redirect target); allowed answers show the right class's
 * data; no answer ever carries a class's or school's data the role must not see, nor a stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../../src/admin';
import { adminAccounts } from '../../src/db/schema-admin';
import { rows } from '../../src/db';
import { createHarness, login, sessionFrom, type Harness } from '../helpers/test-app';
import { AUTHZ_TABLE, NEVER_SEES, ROLES, SECRETS, expectOf, renderAuthorizationTable, type BodyName, type Role, type Row } from '../helpers/authz-fixtures';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
const V = 'http://purl.imsglobal.org/vocab/lis/v2/';
const INSTRUCTOR = [`${V}membership#Instructor`];
const ADMIN = [`${V}institution/person#Administrator`];
const LESSON = 'b-3-scams-aimed-at-teens';
const PASSWORD = 'correct horse battery staple';
const ZIP = path.join(__dirname, '../fixtures/scorm/golf-2004-basic-runtime.zip');

let h: Harness;
type Kind = 'rl' | 'dl' | 'scorm';
const tokens: Partial<Record<Role, Partial<Record<Kind, string>>>> = {};
const ids: Record<string, string> = {};
let bodies: Record<Exclude<BodyName, 'zip' | 'platform' | 'csrf' | 'none'>, Record<string, unknown>>;
let operator: ReturnType<typeof request.agent>;
let operatorCsrf = '';

const context = (id: string, title: string) => ({ id, label: id, title });
const classA = context('ctx-A', SECRETS.classA);
const classB = context('ctx-B', SECRETS.classB);
const classC = context('ctx-C', SECRETS.classC);

/** A real login → signed id_token → launch in the given deployment; returns the session token and landing path. */
async function launchIn(deploymentId: string, claims: Record<string, unknown>) {
  const { state, nonce, cookie } = await login(h, { lti_deployment_id: deploymentId });
  const idToken = await h.platform.sign(h.platform.claims(nonce, { [`${LTI}deployment_id`]: deploymentId, ...claims }));
  const res = await request(h.tool.app).post('/lti/launch').set('Cookie', cookie).type('form').send({ id_token: idToken, state });
  if (res.status !== 303) throw new Error(`launch answered ${res.status}: ${res.text.slice(0, 300)}`);
  return sessionFrom(res.headers.location!);
}
const rl = (id: string, lesson = LESSON) => ({ [`${LTI}resource_link`]: { id, title: `Lesson ${id}` }, [`${LTI}custom`]: { lesson } });
const dl = () => ({
  [`${LTI}message_type`]: 'LtiDeepLinkingRequest', [`${LTI}resource_link`]: undefined, [`${LTI}custom`]: undefined,
  [DL]: { deep_link_return_url: `${h.platform.url}/deep-link-return`, accept_types: ['ltiResourceLink'], accept_multiple: true },
});
const noClass = { [`${LTI}context`]: undefined, [`${LTI}custom`]: undefined };

beforeAll(async () => {
  h = await createHarness();
  await h.reset();
  await h.tool.registerPlatform({ ...h.platform.registration(), deploymentId: 'deployment-2' });
  const D1 = 'deployment-1';
  const D2 = 'deployment-2';

  const learner = await launchIn(D1, { sub: 'learner-A', name: SECRETS.learnerA, [`${LTI}context`]: classA, ...rl('rl-A') });
  tokens.learner = { rl: learner.token };
  ids.attempt = learner.path.split('/').pop()!;
  await launchIn(D1, { sub: 'learner-B', name: SECRETS.learnerB, [`${LTI}context`]: classB, ...rl('rl-B') });
  await launchIn(D2, { sub: 'learner-C', name: SECRETS.learnerC, [`${LTI}context`]: classC, ...rl('rl-C') });
  const teach = (sub: string, dep: string, ctx: object) => ({ sub, name: `Teacher ${sub}`, [`${LTI}roles`]: INSTRUCTOR, [`${LTI}context`]: ctx });
  tokens.instructor = { rl: (await launchIn(D1, { ...teach('teacher-A', D1, classA), ...rl('rl-A') })).token, dl: (await launchIn(D1, { ...teach('teacher-A', D1, classA), ...dl() })).token };
  tokens.otherInstructor = { rl: (await launchIn(D1, { ...teach('teacher-B', D1, classB), ...rl('rl-B') })).token, dl: (await launchIn(D1, { ...teach('teacher-B', D1, classB), ...dl() })).token };
  tokens.admin = { rl: (await launchIn(D1, { sub: 'admin-1', [`${LTI}roles`]: ADMIN, ...noClass })).token, dl: (await launchIn(D1, { sub: 'admin-1', [`${LTI}roles`]: ADMIN, [`${LTI}context`]: classA, ...dl() })).token };
  tokens.otherAdmin = { rl: (await launchIn(D2, { sub: 'admin-2', [`${LTI}roles`]: ADMIN, ...noClass })).token, dl: (await launchIn(D2, { sub: 'admin-2', [`${LTI}roles`]: ADMIN, [`${LTI}context`]: classC, ...dl() })).token };

  // School 1's own SCORM package, imported by its administrator, assigned in class A.
  const upload = await request(h.tool.app).post('/admin/scorm').query({ title: SECRETS.scormA }).set('Authorization', `Bearer ${tokens.admin.rl}`)
    .set('Content-Type', 'application/zip').send(fs.readFileSync(ZIP));
  expect(upload.status).toBe(201);
  await h.tool.scorm.refresh();
  const pkg = (await h.tool.scorm.load(upload.body.id))!;
  ids.sco = pkg.manifest.scos[0]!.id;
  const scorm = await launchIn(D1, { sub: 'learner-A', name: SECRETS.learnerA, [`${LTI}context`]: classA, ...rl('rl-A-scorm', `scorm:${pkg.id}`) });
  tokens.learner.scorm = scorm.token;
  ids.scormAttempt = scorm.path.split('/').pop()!;

  const [a] = await rows<{ asg: string; ctx: string; dep: string }>(h.testDb.database.db, sql`
    select a.id as asg, a.context_id as ctx, a.deployment_id as dep from assignment a join context c on c.id = a.context_id
    where c.lti_context_id = 'ctx-A' and a.resource_link_id = 'rl-A'`);
  Object.assign(ids, { assignment: a!.asg, class: a!.ctx, deployment: a!.dep, lesson: LESSON, version: String(h.catalog.latest(LESSON)!.manifest.version) });

  // Things the operator removes or disables: never the loopback platform or the operator itself.
  const spare = await h.tool.platforms.upsert({ issuer: 'https://spare.example', clientId: 'spare', name: 'Spare LMS', authUrl: 'https://spare.example/a', tokenUrl: 'https://spare.example/t', keysetUrl: 'https://spare.example/k' });
  ids.platform = spare.id;
  const db = h.testDb.database.db;
  const [other] = await db.insert(adminAccounts).values({ email: 'spare@school.example', passwordHash: await hashPassword(PASSWORD) }).returning();
  ids.account = other!.id;
  await db.insert(adminAccounts).values({ email: 'op@school.example', passwordHash: await hashPassword(PASSWORD) });
  operator = request.agent(h.tool.app);
  const form = await operator.get('/admin/login');
  const pre = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  expect((await operator.post('/admin/login').type('form').send({ _csrf: pre, email: 'op@school.example', password: PASSWORD })).status).toBe(303);
  operatorCsrf = /name="_csrf" value="([^"]+)"/.exec((await operator.get('/admin')).text)![1]!;

  // Bodies that would succeed: a refusal must come from who asks, not from what they send.
  const lesson = h.catalog.latest(LESSON)!;
  const spot = lesson.manifest.steps.find((s) => s.kind === 'spot');
  if (spot?.kind !== 'spot') throw new Error('the test lesson has no spot step');
  const answer = { key: spot.id, answer: spot.artefact.segments.filter((s) => s.flag).map((s) => s.id) };
  bodies = {
    position: { stepId: lesson.manifest.steps[1]!.id }, answer, previewAnswer: answer,
    cmi: { cmi: { completion_status: 'incomplete', location: '1' } },
    settings: { passMark: '70', maxAttempts: '', gradingPolicy: 'best', dueAt: '' },
    resend: {}, select: { lesson: LESSON },
  };
}, 120_000);
afterAll(async () => { await h?.close(); });

function fill(p: string): string {
  return p.replace(/:([a-zA-Z]+)/g, (_m, k: string) => {
    if (!(k in ids)) throw new Error(`no fixture id for :${k}`);
    return ids[k]!;
  });
}

async function call(row: Row, role: Role) {
  const url = fill(row.path);
  const token = role === 'anonymous' || role === 'operator' ? undefined
    : (row.session && tokens[role]?.[row.session]) ?? tokens[role]?.rl;
  const agent = role === 'operator' ? operator : request(h.tool.app);
  let req = row.method === 'GET' ? agent.get(url) : row.method === 'PUT' ? agent.put(url) : agent.post(url);
  req = req.query({ lang: 'en' }).redirects(0);
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  const b = row.body;
  if (!b) return req;
  if (b.type === 'zip') return req.set('Content-Type', 'application/zip').send(fs.readFileSync(ZIP));
  const base: Record<string, unknown> =
    b.name === 'platform' ? { issuer: 'https://new.example', clientId: 'c', authUrl: 'https://new.example/a', tokenUrl: 'https://new.example/t', keysetUrl: 'https://new.example/k', deploymentId: '1' }
      : b.name === 'csrf' || b.name === 'none' || b.name === 'zip' ? {} : { ...bodies[b.name] };
  if (row.path.startsWith('/admin/') && row.path !== '/admin/scorm') base._csrf = role === 'operator' ? operatorCsrf : 'forged';
  else if (b.type === 'form' && token) base.s = token;
  return b.type === 'json' ? req.send(base) : req.type('form').send(base);
}

it('docs/authorization.md shows the table the test walks', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/authorization.md'), 'utf8');
  expect(doc).toContain(renderAuthorizationTable());
});

it('every route answers every role as the table says, and never with data the role may not see', async () => {
  const failures: string[] = [];
  for (const row of AUTHZ_TABLE) {
    // Refusals first: a refused caller must not be able to change what the allowed one then finds.
    const order = [...ROLES].sort((x, y) => Number(expectOf(row.cells[x]).status < 400) - Number(expectOf(row.cells[y]).status < 400));
    for (const role of order) {
      const want = expectOf(row.cells[role]);
      const res = await call(row, role);
      const where = `${row.method} ${row.path} as ${role}`;
      const body = res.text ?? '';
      if (res.status !== want.status) { failures.push(`${where}: ${res.status}, expected ${want.status} (${body.slice(0, 160)})`); continue; }
      if (want.to && !want.to.test(res.headers.location ?? '')) failures.push(`${where}: went to ${res.headers.location}`);
      for (const s of want.see ?? []) if (!body.includes(SECRETS[s])) failures.push(`${where}: does not show ${s}`);
      const hidden = res.status >= 400 ? Object.keys(SECRETS) as Array<keyof typeof SECRETS> : NEVER_SEES[role];
      for (const s of hidden) if (body.includes(SECRETS[s])) failures.push(`${where}: shows ${s}`);
      if (/\bat .+\.(ts|js):\d+/.test(body)) failures.push(`${where}: stack trace in the body`);
      if (res.status >= 400 && row.path.startsWith('/api/') && !String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${where}: not problem JSON`);
    }
  }
  expect(failures).toEqual([]);
}, 120_000);

it('the operator\'s hand-over session opens the school report of that deployment only', async () => {
  // The console session ended with the table's last row: sign in again.
  const agent = request.agent(h.tool.app);
  const form = await agent.get('/admin/login');
  const pre = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  await agent.post('/admin/login').type('form').send({ _csrf: pre, email: 'op@school.example', password: PASSWORD }).expect(303);
  const go = await agent.get(`/admin/deployments/${ids.deployment}/report`).redirects(0);
  expect(go.status).toBe(303);
  const school = await request(h.tool.app).get(go.headers.location!);
  expect(school.status).toBe(200);
  expect(school.text).toContain(SECRETS.classA);
  expect(school.text).not.toContain(SECRETS.classC);
  // That session is a school administrator's: not a teacher's, not a learner's.
  const token = new URL(go.headers.location!, 'http://tool.test').searchParams.get('s')!;
  expect((await request(h.tool.app).get(`/teach/assignments/${ids.assignment}`).query({ s: token })).status).toBe(403);
  expect((await request(h.tool.app).get(`/play/${ids.attempt}`).query({ s: token })).status).toBe(403);
});

it('a learner\'s session of one activity opens no other activity of theirs', async () => {
  const res = await request(h.tool.app).post(`/api/scorm/attempts/${ids.scormAttempt}/scos/${ids.sco}/commit`)
    .set('Authorization', `Bearer ${tokens.learner!.rl}`).send(bodies.cmi);
  expect(res.status).toBe(404);
  expect((await request(h.tool.app).get(`/play/${ids.attempt}`).query({ s: tokens.learner!.scorm })).status).toBe(404);
});

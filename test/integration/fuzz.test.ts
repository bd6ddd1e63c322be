/**
 * Fuzzing the inputs strangers control: LTI login and launch fields, every JSON endpoint (player,
 * preview, SCORM commits as JSON and text/plain beacons, launch completion), the registration
 * confirmation, CSV export parameters, the settings form and the library filters. Cases come from
 * a seeded generator (test/helpers/authz-fixtures.ts), a few hundred in a bounded time. Each must
 * answer 4xx (problem JSON for APIs, a localized page for HTML; CSV exports may ignore unknown
 * parameters and answer 200), never 5xx, never a stack trace, and leave every table as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db';
import { createHarness, login, sessionFrom, type Harness } from '../helpers/test-app';
import { NASTY_STRINGS, deep, nastyForm, nastyObject, nastyValue, prng, rawBody, type Prng } from '../helpers/authz-fixtures';

const SEED = Number(process.env.FUZZ_SEED ?? 20250808);
const PER_TARGET = Number(process.env.FUZZ_CASES ?? 30);
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
const INSTRUCTOR = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'];
const ADMIN = ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'];
const LESSON = 'b-3-scams-aimed-at-teens';
const ZIP = path.join(__dirname, '../fixtures/scorm/golf-2004-basic-runtime.zip');
const TABLES = ['platform', 'deployment', 'context', 'lti_user', 'membership', 'assignment', 'attempt', 'grade_sync', 'learner_progress',
  'assignment_stats', 'daily_stats', 'platform_origin', 'scorm_package', 'scorm_sco_state', 'admin_account', 'admin_session', 'login_state'];

let h: Harness;
const s: Record<string, string> = {};

async function launchAs(claims: Record<string, unknown>) {
  const { state, nonce, cookie } = await login(h);
  const idToken = await h.platform.sign(h.platform.claims(nonce, claims));
  const res = await request(h.tool.app).post('/lti/launch').set('Cookie', cookie).type('form').send({ id_token: idToken, state });
  if (res.status !== 303) throw new Error(`launch answered ${res.status}`);
  return sessionFrom(res.headers.location!);
}

beforeAll(async () => {
  h = await createHarness();
  await h.reset();
  const learner = await launchAs({ sub: 'fuzz-learner' });
  Object.assign(s, { learner: learner.token, attempt: learner.path.split('/').pop()! });
  const teacher = await launchAs({ sub: 'fuzz-teacher', [`${LTI}roles`]: INSTRUCTOR });
  Object.assign(s, { teacher: teacher.token, assignment: teacher.path.split('/')[3]! });
  s.library = (await launchAs({ sub: 'fuzz-teacher', [`${LTI}roles`]: INSTRUCTOR, [`${LTI}message_type`]: 'LtiDeepLinkingRequest', [`${LTI}resource_link`]: undefined,
    [`${LTI}custom`]: undefined, [DL]: { deep_link_return_url: `${h.platform.url}/r`, accept_types: ['ltiResourceLink'] } })).token;
  s.admin = (await launchAs({ sub: 'fuzz-admin', [`${LTI}roles`]: ADMIN, [`${LTI}context`]: undefined, [`${LTI}custom`]: undefined })).token;
  const upload = await request(h.tool.app).post('/admin/scorm').set('Authorization', `Bearer ${s.admin}`).set('Content-Type', 'application/zip').send(fs.readFileSync(ZIP));
  expect(upload.status).toBe(201);
  await h.tool.scorm.refresh();
  const pkg = (await h.tool.scorm.load(upload.body.id))!;
  const scorm = await launchAs({ sub: 'fuzz-learner', [`${LTI}resource_link`]: { id: 'rl-scorm' }, [`${LTI}custom`]: { lesson: `scorm:${pkg.id}` } });
  Object.assign(s, { scorm: scorm.token, scormAttempt: scorm.path.split('/').pop()!, sco: pkg.manifest.scos[0]!.id });
}, 60_000);
afterAll(async () => { await h?.close(); });

/** Row count and a checksum of every row of each table: "changed nothing" means equal snapshots. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const [r] = await rows<{ n: string; sum: string | null }>(h.testDb.database.db,
      sql.raw(`select count(*)::text as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from ${t} t`));
    out[t] = `${r!.n}:${r!.sum}`;
  }
  return out;
}

type Kind = 'api' | 'html' | 'csv';
interface Case { name: string; kind: Kind; okAllowed?: boolean; send(): request.Test }
const app = () => request(h.tool.app);
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.length > 40 ? `${x.slice(0, 40)}…(${x.length})` : x))?.slice(0, 200);

/** Percent-encoding that survives lone surrogates (sent as the invalid UTF-8 they would be). */
function seg(x: string): string {
  try { return encodeURIComponent(x); } catch { return '%ED%A0%80'; }
}
/** Query strings and urlencoded bodies, built by hand so repeated fields and odd keys go out as they are. */
function encode(o: Record<string, string | string[]>): string {
  return Object.entries(o).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${seg(k)}=${seg(x)}`)).join('&');
}
/** Sends a raw body with a content type; JSON-ish bodies of the JSON endpoints. */
function raw(req: request.Test, type: string, body: string | Buffer) { return req.set('Content-Type', type).send(body); }

function targets(r: Prng): Record<string, () => Case> {
  const id = () => r.pick([s.attempt!, ...NASTY_STRINGS.filter((x) => x && !x.includes('/') && !x.includes('%'))]);
  return {
    'lti login (GET query)': () => {
      const q = nastyForm(r, ['iss', 'login_hint', 'target_link_uri', 'client_id', 'lti_deployment_id', 'lti_message_hint', 'lti_storage_target']);
      return { name: `GET /lti/login ${show(q)}`, kind: 'html', send: () => app().get('/lti/login').query(encode(q)) };
    },
    'lti login (POST form)': () => {
      const f = nastyForm(r, ['iss', 'login_hint', 'target_link_uri', 'client_id', 'lti_deployment_id', 'lti_storage_target']);
      if (r.next() < 0.3) { f.iss = h.platform.issuer; f.client_id = r.pick(NASTY_STRINGS); }
      return { name: `POST /lti/login ${show(f)}`, kind: 'html', send: () => app().post('/lti/login').type('form').send(encode(f)) };
    },
    'lti launch (form)': () => {
      const f = nastyForm(r, ['id_token', 'state']);
      if (r.next() < 0.3) f.state = `${r.pick(NASTY_STRINGS)}|${r.pick(NASTY_STRINGS)}`;
      if (r.next() < 0.3) f.id_token = `${Buffer.from(JSON.stringify({ alg: r.pick(['none', 'HS256', 'RS256']), kid: nastyValue(r) })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: h.platform.issuer, aud: nastyValue(r) })).toString('base64url')}.`;
      const over = r.next() < 0.2 ? raw(app().post('/lti/launch'), 'application/x-www-form-urlencoded', rawBody(r, 64 * 1024)) : undefined;
      return { name: `POST /lti/launch ${show(f)}`, kind: 'html', send: () => over ?? app().post('/lti/launch').type('form').send(encode(f)) };
    },
    'lti launch complete (JSON)': () => {
      const body = r.next() < 0.5 ? nastyObject(r, ['id_token', 'state', 'value']) : undefined;
      const bytes = body ? JSON.stringify(body) : rawBody(r, 64 * 1024);
      const origin = r.pick(['http://tool.test', 'http://tool.test', 'https://evil.example', 'null']);
      return { name: `POST /lti/launch/complete origin=${origin} ${show(bytes)}`, kind: 'api', send: () => raw(app().post('/lti/launch/complete').set('Origin', origin).set('Accept', 'application/json'), 'application/json', bytes) };
    },
    'player answers': () => {
      const body = r.next() < 0.6 ? JSON.stringify(nastyObject(r, ['key', 'answer'])) : rawBody(r, 16 * 1024);
      const aid = id();
      return { name: `POST /api/attempts/${aid}/answers ${show(body)}`, kind: 'api', send: () => raw(app().post(`/api/attempts/${seg(aid)}/answers`).set(bearer(s.learner!)), 'application/json', body) };
    },
    'player position': () => {
      const body = r.next() < 0.6 ? JSON.stringify(nastyObject(r, ['stepId'])) : rawBody(r, 16 * 1024);
      const aid = id();
      return { name: `PUT /api/attempts/${aid}/position ${show(body)}`, kind: 'api', send: () => raw(app().put(`/api/attempts/${seg(aid)}/position`).set(bearer(s.learner!)), 'application/json', body) };
    },
    'player submit (wrong ids and tokens)': () => {
      const aid = r.pick(NASTY_STRINGS.filter((x) => x && !x.includes('/') && !x.includes('%')));
      // Header values are limited to visible ASCII by HTTP itself.
      const printable = NASTY_STRINGS.filter((x) => /^[\x20-\x7e]*$/.test(x));
      const auth = r.pick([`Bearer ${s.learner}`, `Bearer ${r.pick(printable)}`, r.pick(printable), `Bearer ${s.teacher}`]);
      return { name: `POST /api/attempts/${aid}/submit auth=${show(auth)}`, kind: 'api', send: () => app().post(`/api/attempts/${seg(aid)}/submit`).set('Authorization', auth).send({}) };
    },
    'preview answers': () => {
      const body = r.next() < 0.6 ? JSON.stringify(nastyObject(r, ['key', 'answer'])) : rawBody(r, 16 * 1024);
      const lesson = r.pick([LESSON, r.pick(NASTY_STRINGS.filter((x) => x && !x.includes('/') && !x.includes('%')))]);
      const version = r.pick(['1', '0', '-1', '1e9', 'x', '99999999999999999999']);
      return { name: `POST /api/preview/${lesson}/v${version}/answers ${show(body)}`, kind: 'api', send: () => raw(app().post(`/api/preview/${seg(lesson)}/v${version}/answers`).set(bearer(s.teacher!)), 'application/json', body) };
    },
    'scorm commit (JSON and beacon)': () => {
      const beacon = r.next() < 0.4;
      // As JSON text: V8 parses deeper nesting than JSON.stringify can write.
      // (prototype keys and nesting past ~1000 levels are known bugs, pinned by the it.failing cases below)
      let value = JSON.stringify(nastyValue(r));
      while (/__proto__|constructor/.test(value)) value = JSON.stringify(nastyValue(r));
      const cmi = r.pick([value, `{${JSON.stringify(r.pick(['a b', '', 'x'.repeat(65), 'ä']))}:"v"}`,
        `{"a":${deep(9 + r.int(200))}}`, `{"a":${deep(200, 'object')}}`, `{"a":"${'x'.repeat(70_000)}"}`, `{"a":[${Array(1001).fill(1).join(',')}]}`, '{"a":1e999}']);
      const extra = `${beacon ? `,"s":${JSON.stringify(s.scorm)}` : ''}${r.next() < 0.3 ? `,"terminate":${JSON.stringify(nastyValue(r))}` : ''}`;
      const body = r.next() < 0.7 ? `{"cmi":${cmi}${extra}}` : rawBody(r, 264 * 1024);
      const req = app().post(`/api/scorm/attempts/${s.scormAttempt}/scos/${seg(s.sco!)}/commit`);
      return { name: `POST scorm commit ${beacon ? 'text/plain' : 'json'} ${show(body)}`, kind: 'api', send: () => (beacon ? raw(req, 'text/plain', body) : raw(req.set(bearer(s.scorm!)), 'application/json', body)) };
    },
    'registration confirmation (form)': () => {
      const f = nastyForm(r, ['session', 'token', 'names']);
      return { name: `POST /lti/register ${show(f)}`, kind: 'html', send: () => app().post('/lti/register').type('form').send(encode(f)) };
    },
    'registration start (no network)': () => {
      // Only values that fail validation before any fetch: nothing here may leave loopback.
      const q: Record<string, string | string[]> = r.pick<Record<string, string | string[]>>([{}, { openid_configuration: '' }, { openid_configuration: 'x'.repeat(2049) }, { registration_token: 'x' }, { openid_configuration: ['a', 'b'] }]);
      return { name: `GET /lti/register ${show(q)}`, kind: 'html', send: () => app().get('/lti/register').query(encode(q)) };
    },
    'teacher CSV export parameters': () => {
      const q = { ...nastyForm(r, ['lang', 'format', 'table', 'from', 'to']), s: s.teacher! };
      const p = r.pick([`/teach/assignments/${s.assignment}/export.csv`, '/teach/course/export.csv', `/teach/assignments/${seg(r.pick(NASTY_STRINGS))}/export.csv`]);
      return { name: `GET ${p} ${show(q)}`, kind: 'csv', okAllowed: true, send: () => app().get(p).query(encode(q)) };
    },
    'school CSV export parameters': () => {
      const q = { ...nastyForm(r, ['from', 'to', 'band', 'lesson', 'class', 'grain', 'table', 'lang']), s: s.admin! };
      const p = r.pick(['/school/export.csv', `/school/classes/${seg(r.pick(NASTY_STRINGS))}/export.csv`, `/school/assignments/${seg(r.pick(NASTY_STRINGS))}/export.csv`]);
      return { name: `GET ${p} ${show(q)}`, kind: 'csv', okAllowed: true, send: () => app().get(p).query(encode(q)) };
    },
    'assignment settings form': () => {
      const f: Record<string, string | string[]> = { ...nastyForm(r, ['passMark', 'maxAttempts', 'gradingPolicy', 'completionOnly', 'dueAt', 'lang']), s: s.teacher! };
      if (typeof f.passMark === 'string' && /^\s*\d{1,3}\s*$/.test(f.passMark)) f.passMark = '101';
      return { name: `POST settings ${show(f)}`, kind: 'html', send: () => app().post(`/teach/assignments/${s.assignment}/settings`).type('form').send(encode(f)) };
    },
    'library filters': () => {
      const q = { ...nastyForm(r, ['band', 'topic', 'language', 'duration', 'q', 'lang']), s: s.library! };
      return { name: `GET /library ${show(q)}`, kind: 'html', okAllowed: true, send: () => app().get('/library').query(encode(q)) };
    },
  };
}

function problems(c: Case, res: request.Response): string[] {
  const out: string[] = [];
  const body = res.text ?? '';
  const type = String(res.headers['content-type'] ?? '');
  if (res.status >= 500) out.push(`${res.status}`);
  else if (res.status < 400 && !c.okAllowed) out.push(`accepted (${res.status})`);
  if (/\bat [^\n]+\.(ts|js):\d+|node_modules|ZodError|SyntaxError|RangeError|TypeError/.test(body)) out.push('stack or error class in the body');
  if (res.status >= 400 && c.kind === 'api' && !type.startsWith('application/problem+json')) out.push(`not problem JSON (${type})`);
  if (res.status >= 400 && c.kind !== 'api' && !(type.startsWith('text/html') && /<html lang="(vi|en|fr|id)"/.test(body))) out.push(`not a localized page (${type})`);
  if (res.status === 200 && c.kind === 'csv' && !type.startsWith('text/csv')) out.push(`200 but ${type}`);
  return out.map((p) => `${c.name}: ${p}`);
}

/**
 * Bugs this fuzzer found in files owned elsewhere, reported and pinned by it.failing below: a
 * case matching one is listed in the log instead of failing the sweep. Remove the line with the fix.
 */
const KNOWN: Array<[RegExp, string]> = [
  [/^(GET|POST) \/lti\/login .*\\u0000.*: 500$/, 'NUL byte in a login field reaches PostgreSQL (src/lti/launch.schemas.ts LoginParams)'],
  [/^POST \/lti\/launch .*\\u0000.*: 500$/, 'NUL byte in the launch state reaches PostgreSQL (src/lti/launch.schemas.ts LaunchBody)'],
  [/^GET \/library .*: 500$/, 'long library filter: Filters.parse throws (src/web/library.routes.ts)'],
];

it(`answers ${PER_TARGET} hostile inputs per target with 4xx, no stack, and no change (seed ${SEED})`, async () => {
  const r = prng(SEED);
  const all = targets(r);
  const failures: string[] = [];
  const deadline = Date.now() + 150_000;
  let n = 0;
  for (const [target, make] of Object.entries(all)) {
    const before = await snapshot();
    for (let i = 0; i < PER_TARGET && Date.now() < deadline; i++, n++) {
      const c = make();
      const res = await c.send().redirects(0).timeout(10_000).ok(() => true);
      failures.push(...problems(c, res));
      if (process.env.FUZZ_DEBUG) console.log(target, res.status, c.name.slice(0, 150), (res.text ?? '').slice(0, 200));
    }
    // The process shares its globals with the app: a polluted prototype would show here.
    if (Object.keys(Object.prototype).length || ({} as Record<string, unknown>).polluted !== undefined) failures.push(`${target}: Object.prototype polluted`);
    // And the app still answers a plain request as before.
    const canary = await app().post('/api/attempts/x/submit').set('Authorization', 'x.y.z').send({});
    if (canary.status !== 401) failures.push(`${target}: afterwards a plain unauthenticated call answers ${canary.status}`);
    const after = await snapshot();
    for (const t of TABLES) if (before[t] !== after[t]) failures.push(`${target}: table ${t} changed`);
  }
  expect(n).toBeGreaterThanOrEqual(Object.keys(all).length * Math.min(PER_TARGET, 10));
  const known = failures.filter((f) => KNOWN.some(([re]) => re.test(f)));
  if (known.length) console.warn(`known bugs hit (see KNOWN):\n${known.join('\n')}`);
  expect([...new Set(failures.filter((f) => !known.includes(f)))]).toEqual([]);
}, 200_000);

describe('known bugs (reported; each turns red when fixed, then move it into the sweep)', () => {
  it('a NUL byte in /lti/login iss answers 4xx', async () => {
    const res = await app().get('/lti/login').query({ iss: 'a\u0000', login_hint: 'x', target_link_uri: 'http://tool.test/lti/launch' });
    expect(res.status).toBe(400);
  });
  it('a NUL byte in the /lti/launch state answers 4xx', async () => {
    const res = await app().post('/lti/launch').type('form').send({ id_token: 'a.b.c', state: 'a\u0000b' });
    expect(res.status).toBe(400);
  });
  it('a library filter longer than its limit answers 4xx', async () => {
    const res = await app().get('/library').query({ s: s.library, topic: 'a'.repeat(61) });
    expect(res.status).toBe(400);
  });
  it('a SCORM commit nested 5,000 levels deep answers 400', async () => {
    const res = await raw(app().post(`/api/scorm/attempts/${s.scormAttempt}/scos/${seg(s.sco!)}/commit`).set(bearer(s.scorm!)), 'application/json', `{"cmi":{"a":${deep(5000)}}}`);
    expect(res.status).toBe(400);
  });
  it('a SCORM commit with a __proto__ or constructor key is refused and stores nothing', async () => {
    const before = await snapshot();
    for (const key of ['__proto__', 'constructor']) {
      const res = await raw(app().post(`/api/scorm/attempts/${s.scormAttempt}/scos/${seg(s.sco!)}/commit`).set(bearer(s.scorm!)), 'application/json', `{"cmi":{"${key}":{"polluted":"yes"}}}`);
      expect(res.status).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });
});

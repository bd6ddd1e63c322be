/**
 * The school report against a small hand-built school: students launched through the loopback
 * platform and submitting real attempts, so the numbers come from the summary tables the
 * submissions maintain. Class 8A2: Anh passes, an unnamed student fails, a student whose LMS
 * name is a spreadsheet formula only starts; class 7A1: a teacher opened the tool (deep
 * linking) but assigned nothing; plus the administrator's own school-level launch.
 */
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const ADMIN = ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'];
const EVIL = '=HYPERLINK("x")';
let h: Harness;
let admin: string;
let ids: { ctx1: string; ctx2: string; asg: string };

async function playAndSubmit(token: string, attemptId: string, good: boolean) {
  const auth = { Authorization: `Bearer ${token}` };
  const lesson = h.catalog.latest('b-3-scams-aimed-at-teens')!;
  const [{ drawn }] = await rows<{ drawn: Record<string, string[]> }>(h.testDb.database.db, sql`select drawn from attempt where id = ${attemptId}`) as [{ drawn: Record<string, string[]> }];
  for (const step of lesson.manifest.steps) {
    if (step.kind === 'spot') {
      await request(h.tool.app).post(`/api/attempts/${attemptId}/answers`).set(auth).send({ key: step.id, answer: step.artefact.segments.filter((x) => x.flag === good).map((x) => x.id) });
    }
    if (step.kind === 'quiz' && good) {
      for (const itemId of drawn[step.id] ?? []) {
        const answer = step.items.find((i) => i.id === itemId)!.options.filter((o) => o.correct).map((o) => o.id);
        await request(h.tool.app).post(`/api/attempts/${attemptId}/answers`).set(auth).send({ key: `${step.id}/${itemId}`, answer });
      }
    }
  }
  expect((await request(h.tool.app).post(`/api/attempts/${attemptId}/submit`).set(auth)).status).toBe(200);
}

async function student(sub: string, name: string | undefined, outcome: 'pass' | 'fail' | 'start') {
  const { res } = await launch(h, { claims: { sub, name } });
  const s = sessionFrom(res.headers.location!);
  if (outcome !== 'start') await playAndSubmit(s.token, s.path.split('/').pop()!, outcome === 'pass');
}

/** Parses our CSV (quoted cells, CRLF); drops the BOM. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)) {
    const cells: string[] = [''];
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted && ch === '"' && line[i + 1] === '"') { cells[cells.length - 1] += '"'; i++; } else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) cells.push('');
      else cells[cells.length - 1] += ch;
    }
    out.push(cells);
  }
  return out;
}

const get = (path: string, q: Record<string, string> = {}) => request(h.tool.app).get(path).query({ s: admin, lang: 'en', ...q });
async function csv(path: string, q: Record<string, string> = {}) {
  const res = await get(path, q);
  expect(res.status).toBe(200);
  return parseCsv(res.text);
}
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  h = await createHarness();
  await h.reset();
  await student('s-anh', 'Lê Minh Anh', 'pass');
  await student('s-anon', undefined, 'fail');
  await student('s-evil', EVIL, 'start');
  await launch(h, { claims: { sub: 't-1', [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] } });
  await launch(h, { claims: {
    sub: 't-2', [`${LTI}message_type`]: 'LtiDeepLinkingRequest', [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
    [`${LTI}resource_link`]: undefined, [`${LTI}custom`]: undefined, [`${LTI}context`]: { id: 'ctx-2', label: '7A1', title: 'Lớp 7A1' },
    'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${h.platform.url}/r`, accept_types: ['ltiResourceLink'] },
  } });
  const { res } = await launch(h, { claims: { sub: 'a-1', [`${LTI}roles`]: ADMIN, [`${LTI}context`]: undefined, [`${LTI}resource_link`]: { id: 'rl-admin' }, [`${LTI}custom`]: undefined } });
  expect(res.headers.location).toMatch(/^\/school\?s=/);
  admin = sessionFrom(res.headers.location!).token;
  const ctx = await rows<{ id: string; lti_context_id: string }>(h.testDb.database.db, sql`select id, lti_context_id from context`);
  const [asg] = await rows<{ id: string }>(h.testDb.database.db, sql`select id from assignment`);
  ids = { ctx1: ctx.find((c) => c.lti_context_id === 'ctx-1')!.id, ctx2: ctx.find((c) => c.lti_context_id === 'ctx-2')!.id, asg: asg!.id };
}, 120_000);
afterAll(async () => { await h?.close(); });

it('counts each class from the summaries, and lists the class with no assignment first', async () => {
  const [head, ...body] = await csv('/school/export.csv', { table: 'classes' });
  expect(head).toEqual(['Class', 'Students', 'Lessons assigned', 'Expected', 'Started', 'Completed', 'Completion rate', 'Passed', 'Pass rate', 'Average score']);
  expect(body.map((r) => r[0])).toEqual(['Lớp 7A1', 'Lớp 8A2']); // the admin's school-level context is not a class
  expect(body[0]).toEqual(['Lớp 7A1', '0', '0', '0', '0', '0', '', '0', '', '']);
  const [{ avg }] = await rows<{ avg: number }>(h.testDb.database.db, sql`select round(avg(percent))::int as avg from attempt where status = 'submitted'`) as [{ avg: number }];
  expect(body[1]).toEqual(['Lớp 8A2', '3', '1', '3', '3', '2', '67', '1', '33', String(avg)]);

  const page = await get('/school');
  expect(page.status).toBe(200);
  const none = page.text.indexOf('1 class has no lesson assigned yet');
  expect(none).toBeGreaterThan(0);
  expect(none).toBeLessThan(page.text.indexOf('id="classes-title"'));
  expect(page.text).toContain('<svg');
  expect(page.text).toMatch(/role="img" aria-labelledby="chart-classes-title chart-classes-desc"/);
  expect(page.text).toContain('67%'); // the bar's value label (en: no space before %)
});

it('breaks the numbers down by lesson, by age band and over time', async () => {
  const lessons = await csv('/school/export.csv', { table: 'lessons' });
  expect(lessons[1]!.slice(1, 9)).toEqual(['1', '3', '3', '2', '67', '1', '33', expect.any(String)]);
  const bands = await csv('/school/export.csv', { table: 'bands' });
  expect(bands.slice(1).map((r) => [r[0], r[4]])).toEqual([['Lower secondary (11–14)', '2']]);
  const trend = await csv('/school/export.csv', { table: 'trend', grain: 'month' });
  expect(trend).toEqual([['Month', 'Completed', 'Passed', 'Passed / completed'], [`${today().slice(0, 7)}-01`, '2', '1', '50']]);
});

it('filters by band, lesson, class and period', async () => {
  const row = async (q: Record<string, string>) => (await csv('/school/export.csv', { table: 'classes', ...q })).find((r) => r[0] === 'Lớp 8A2');
  expect((await row({ band: 'B' }))!.slice(2, 8)).toEqual(['1', '3', '3', '2', '67', '1']);
  expect((await row({ band: 'A' }))!.slice(2, 6)).toEqual(['0', '0', '0', '0']);
  expect((await row({ lesson: 'no-such-lesson' }))![2]).toBe('0');
  expect((await row({ lesson: 'b-3-scams-aimed-at-teens' }))![5]).toBe('2');
  const classOnly = await csv('/school/export.csv', { table: 'classes', class: ids.ctx2 });
  expect(classOnly.slice(1).map((r) => r[0])).toEqual(['Lớp 7A1']);
  expect((await row({ from: today(), to: today() }))!.slice(5, 8)).toEqual(['2', '67', '1']);
  expect((await row({ from: '2000-01-01', to: '2000-12-31' }))!.slice(5, 10)).toEqual(['0', '0', '0', '0', '']);
  expect((await get('/school', { from: 'yesterday' })).status).toBe(400);
});

it('drills down school → class → assignment → students, pseudonymous when the LMS sent no name', async () => {
  const school = await get('/school');
  expect(school.text).toContain(`/school/classes/${ids.ctx1}?`);
  const cls = await get(`/school/classes/${ids.ctx1}`);
  expect(cls.status).toBe(200);
  expect(cls.text).toContain(`/school/assignments/${ids.asg}?`);
  expect(cls.text).toContain('Scams aimed at teens');
  const empty = await get(`/school/classes/${ids.ctx2}`);
  expect(empty.text).toContain('This class has no First Shield lesson assigned yet.');

  const [head, ...students] = await csv(`/school/assignments/${ids.asg}/export.csv`);
  expect(head).toEqual(['Student', 'Status', 'Score', 'Attempts', 'First completed']);
  const byName = new Map(students.map((r) => [r[0], r]));
  expect(byName.get('Lê Minh Anh')!.slice(1, 2)).toEqual(['Passed']);
  expect(byName.get('Student 1')!.slice(1, 2)).toEqual(['Completed, not passed']);
  expect(byName.get(`'${EVIL}`)!.slice(1, 5)).toEqual(['In progress', '', '1', '']);
  const page = await get(`/school/assignments/${ids.asg}`, { lang: 'vi' });
  expect(page.text).toContain('Học sinh 1');
  expect(page.text).toContain('Lê Minh Anh');
  expect(page.text).not.toContain('<script>');
});

it('exports CSV with a BOM, as an attachment, with formulas neutralised', async () => {
  const res = await get(`/school/assignments/${ids.asg}/export.csv`);
  expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="assignment-/);
  expect(res.text.charCodeAt(0)).toBe(0xfeff);
  expect(res.text).toContain(`"'=HYPERLINK(""x"")"`);
  expect(res.text).not.toMatch(/(^|,)=HYPERLINK/m);
  const fr = await get('/school/export.csv', { lang: 'fr', table: 'classes' });
  expect(parseCsv(fr.text)[0]![0]).toBe('Classe');
  for (const path of ['/school/export.csv', `/school/classes/${ids.ctx1}/export.csv`]) {
    const r = await get(path);
    expect(r.text.startsWith('\uFEFF')).toBe(true);
    expect(r.headers['content-disposition']).toMatch(/^attachment;/);
  }
});

/**
 * A SCORM package as a lesson, through the real app and the loopback LMS (PGlite, or PostgreSQL
 * with TEST_DB=pg): a school administrator uploads the tiny SCORM 1.2 package on /admin/scorm;
 * the teacher's library lists it; a learner launched on `lesson=scorm:<id>` gets the SCORM
 * player; a half-way commit keeps the attempt in progress and tells the LMS once that the
 * activity started (AGS InProgress / Pending); the final commit submits the attempt with the
 * SCO's score, the grade worker posts Completed / FullyGraded to the line item, and the
 * teacher's assignment view lists the student as passed.
 *
 * The package goes in through the upload route rather than importScormPackage(): the harness
 * keeps its DATA_DIR to itself, and the route is what writes into the app's own data directory
 * (so the package files are served back below).
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';
import { buildZip } from '../unit/scorm/zip-writer';
import { count, INSTRUCTOR, launchStudent, launchTeacher, rosterRows } from './teacher-helpers';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const ADMIN = ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'];
const TINY = path.resolve(__dirname, '../fixtures/scorm/tiny-scorm12');

let h: Harness;
let zip: Buffer;
beforeAll(async () => {
  h = await createHarness();
  zip = buildZip(fs.readdirSync(TINY).map((name) => ({ name, data: fs.readFileSync(path.join(TINY, name)) })));
});
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

async function adminToken(): Promise<string> {
  const { res } = await launch(h, { claims: { sub: 'admin-1', [`${LTI}roles`]: ADMIN, [`${LTI}context`]: undefined, [`${LTI}resource_link`]: { id: 'rl-admin' }, [`${LTI}custom`]: undefined } });
  expect(res.status).toBe(303);
  return sessionFrom(res.headers.location!).token;
}

/** Uploads the tiny package as the school's administrator; returns its lesson id. */
async function uploadTiny(): Promise<{ lessonId: string }> {
  const token = await adminToken();
  const res = await request(h.tool.app).post('/admin/scorm').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/zip').send(zip);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ version: 1, scormVersion: '1.2', title: 'Tiny & safe: a SCORM 1.2 check', scoCount: 1 });
  // The package list is re-read every 30 s; an upload does not wait for that in tests.
  await h.tool.scorm.refresh();
  const page = await request(h.tool.app).get('/admin/scorm').query({ s: token, lang: 'en' });
  expect(page.status).toBe(200);
  expect(page.text).toContain(`<code>scorm:${res.body.id}</code>`);
  expect(page.text).toContain('/static/css/scorm.css');
  return { lessonId: res.body.lessonId as string };
}

const scormClaims = (lessonId: string) => ({ [`${LTI}custom`]: { lesson: lessonId }, [`${LTI}resource_link`]: { id: 'rl-scorm', title: 'Tiny SCORM' } });

function cmi(status: string, extra: Record<string, unknown> = {}) {
  return { core: { lesson_status: status, lesson_location: 'page-2', exit: 'suspend', score: { raw: '', min: '', max: '' }, ...extra }, suspend_data: 'half-way' };
}

async function attemptRow(id: string) {
  const r = await h.testDb.database.db.execute(sql`select status, percent, passed from attempt where id = ${id}`);
  return (r as unknown as { rows: Array<{ status: string; percent: number | null; passed: boolean | null }> }).rows[0]!;
}

describe('a SCORM package as a lesson', () => {
  it('is offered in the teacher\'s library next to native lessons', async () => {
    const { lessonId } = await uploadTiny();
    const { res } = await launch(h, { claims: {
      [`${LTI}message_type`]: 'LtiDeepLinkingRequest', [`${LTI}roles`]: [INSTRUCTOR], [`${LTI}resource_link`]: undefined,
      [`${LTI}target_link_uri`]: undefined, [`${LTI}custom`]: undefined,
      'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${h.platform.url}/deep-link-return`, accept_types: ['ltiResourceLink'], accept_presentation_document_targets: ['iframe'] },
    } });
    const s = sessionFrom(res.headers.location!);
    expect(s.path).toBe('/library');
    const page = await request(h.tool.app).get(`${s.url}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`value="${lessonId}"`);
    expect(page.text).toContain('value="b-3-scams-aimed-at-teens"');
    expect(page.text).toContain('Tiny &amp; safe: a SCORM 1.2 check');
  });

  it('plays in the SCORM player, reports progress once, then grades the completion through AGS', async () => {
    const { lessonId } = await uploadTiny();
    const student = await launchStudent(h, 'student-sub-1', scormClaims(lessonId));
    expect(student.path).toMatch(/^\/play\//);
    const page = await request(h.tool.app).get(`${student.url}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="scorm-data"');
    expect(page.text).toContain('data-scorm-frame');
    expect(page.text).toContain('/static/css/scorm.css');
    expect(page.text).not.toContain('id="btn-next"'); // not the native lesson player
    const data = JSON.parse(/<script type="application\/json" id="scorm-data">([^<]*)<\/script>/.exec(page.text)![1]!.replace(/&quot;/g, '"'));
    expect(data).toMatchObject({ version: '1.2', startScoId: 'item1', commitBase: `/api/scorm/attempts/${student.attemptId}/scos/` });
    // the SCO's files come from the app's own data directory
    const sco = await request(h.tool.app).get(new URL(data.scos[0].url, 'http://tool.test').pathname);
    expect(sco.status).toBe(200);
    expect(sco.text).toContain('Passwords quiz');

    const commit = (body: object) => request(h.tool.app).post(`/api/scorm/attempts/${student.attemptId}/scos/item1/commit`).set(student.auth).send(body);
    const half = await commit({ cmi: cmi('incomplete') });
    expect(half.status).toBe(200);
    expect(half.body.result).toMatchObject({ completion: 'incomplete', activityProgress: 'InProgress', gradingProgress: 'Pending' });
    expect(await attemptRow(student.attemptId)).toMatchObject({ status: 'in_progress' });
    // a later half-way commit (the SCO moved on) queues nothing more
    expect((await commit({ cmi: cmi('incomplete', { lesson_location: 'page-3' }) })).status).toBe(200);
    expect(await count(h, sql`select count(*) as n from grade_sync where attempt_id = ${student.attemptId}`)).toBe(1);
    await h.tool.worker.runOnce();
    expect(h.platform.scores.map((s) => s.body)).toEqual([
      expect.objectContaining({ userId: 'student-sub-1', activityProgress: 'InProgress', gradingProgress: 'Pending' }),
    ]);
    expect(h.platform.scores[0]!.body).not.toHaveProperty('scoreGiven');

    // Leaving and launching again lands on the same attempt with the saved CMI restored.
    const again = await launchStudent(h, 'student-sub-1', scormClaims(lessonId));
    expect(again.attemptId).toBe(student.attemptId);
    const resumed = await request(h.tool.app).get(again.url);
    expect(resumed.text).toContain('page-3');

    const done = await commit({ cmi: { core: { lesson_status: 'passed', exit: '', score: { raw: '80', min: '0', max: '100' } } } });
    expect(done.status).toBe(200);
    expect(done.body.result).toMatchObject({ completion: 'completed', success: 'passed', percent: 80 });
    expect(await attemptRow(student.attemptId)).toMatchObject({ status: 'submitted', percent: 80, passed: true });
    // the SCO may still commit after the package completed (unloading, review): the state is
    // kept, but the submitted attempt's score and grade do not change
    expect((await commit({ cmi: cmi('incomplete') })).status).toBe(200);
    expect(await attemptRow(student.attemptId)).toMatchObject({ status: 'submitted', percent: 80, passed: true });

    await h.tool.worker.runOnce();
    expect(h.platform.scores).toHaveLength(2);
    expect(h.platform.scores[1]).toMatchObject({
      lineItemPath: new URL(h.platform.lineItemUrl('ctx-1')).pathname + '/scores',
      body: { userId: 'student-sub-1', scoreGiven: 80, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' },
    });

    const teacher = await launchTeacher(h, scormClaims(lessonId));
    const view = await request(h.tool.app).get(`${teacher.url}&lang=en`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Tiny &amp; safe: a SCORM 1.2 check');
    expect(rosterRows(view.text)).toEqual([['Lê Minh Anh', 'passed']]);
  });

  it('refuses the upload to a student and a commit from another student', async () => {
    const { lessonId } = await uploadTiny();
    const student = await launchStudent(h, 'student-sub-1', scormClaims(lessonId));
    const upload = await request(h.tool.app).post('/admin/scorm').set(student.auth).set('Content-Type', 'application/zip').send(zip);
    expect(upload.status).toBe(403);
    const other = await launchStudent(h, 'student-sub-2', scormClaims(lessonId));
    const foreign = await request(h.tool.app).post(`/api/scorm/attempts/${student.attemptId}/scos/item1/commit`).set(other.auth).send({ cmi: cmi('incomplete') });
    expect(foreign.status).toBe(404);
  });
});

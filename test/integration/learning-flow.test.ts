/**
 * The spine end to end: launch → player → answer → leave → relaunch and resume → submit →
 * the grade worker posts a well-formed AGS score, with a valid bearer token, to the loopback
 * platform's line item.
 */
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

const lessonId = 'b-3-scams-aimed-at-teens';

async function startAsLearner(sub = 'student-sub-1') {
  const { res } = await launch(h, { claims: { sub } });
  expect(res.status).toBe(303);
  const s = sessionFrom(res.headers.location!);
  const attemptId = s.path.split('/').pop()!;
  return { ...s, attemptId, auth: { Authorization: `Bearer ${s.token}` } };
}

function lesson() { return h.catalog.latest(lessonId)!; }

/** The correct answer for every scored thing in the attempt's draw. */
async function correctAnswers(attemptId: string) {
  const r = await h.testDb.database.db.execute(sql`select drawn from attempt where id = ${attemptId}`);
  const drawn = (r as unknown as { rows: Array<{ drawn: Record<string, string[]> }> }).rows[0]!.drawn;
  const out: Array<{ key: string; answer: string[] }> = [];
  for (const step of lesson().manifest.steps) {
    if (step.kind === 'spot') out.push({ key: step.id, answer: step.artefact.segments.filter((s) => s.flag).map((s) => s.id) });
    if (step.kind === 'quiz') {
      for (const itemId of drawn[step.id] ?? []) {
        const item = step.items.find((i) => i.id === itemId)!;
        out.push({ key: `${step.id}/${itemId}`, answer: item.options.filter((o) => o.correct).map((o) => o.id) });
      }
    }
  }
  return out;
}

describe('player', () => {
  it('renders the lesson in the launch locale with the session token for the API', async () => {
    const s = await startAsLearner();
    const page = await request(h.tool.app).get(s.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="vi"');
    expect(page.text).toContain(`content="${s.token}"`);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const en = await request(h.tool.app).get(`${s.url}&lang=en`);
    expect(en.text).toContain('<html lang="en"');
  });

  it('shows the due date the teacher set', async () => {
    const s = await startAsLearner();
    const attempt = (await h.tool.learning.attempts.byId(s.attemptId))!;
    const assignment = (await h.tool.learning.assignments.byId(attempt.assignmentId))!;
    await h.tool.learning.applySettings(assignment, { dueAt: '2026-12-15' });
    const page = await request(h.tool.app).get(`${s.url}&lang=en`);
    expect(page.text).toContain(`Due ${new Intl.DateTimeFormat('en', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date('2026-12-15'))}`);
  });

  it('gives feedback on every answer and refuses a second answer to the same question', async () => {
    const s = await startAsLearner();
    const [first] = await correctAnswers(s.attemptId);
    const res = await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send(first);
    expect(res.status).toBe(200);
    expect(res.body.correct).toBe(true);
    expect(res.body.feedback.length).toBeGreaterThan(1);
    for (const f of res.body.feedback) expect(typeof f.text).toBe('string');
    const again = await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send(first);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses bad answers and foreign sessions with problem JSON', async () => {
    const s = await startAsLearner();
    const other = await startAsLearner('student-sub-2');
    const bad = [
      await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send({ key: 'quiz/nope', answer: ['a'] }),
      await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send({ key: 'x', answer: 'not-an-array' }),
      await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).set('Content-Type', 'application/json').send('{broken'),
    ];
    for (const r of bad) {
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ status: 400, requestId: r.headers['x-request-id'] });
    }
    const foreign = await request(h.tool.app).put(`/api/attempts/${s.attemptId}/position`).set(other.auth).send({ stepId: 'story' });
    expect(foreign.status).toBe(404);
    const anonymous = await request(h.tool.app).put(`/api/attempts/${s.attemptId}/position`).send({ stepId: 'story' });
    expect(anonymous.status).toBe(401);
  });

  it('resumes where the student stopped, then submits and delivers the grade through AGS', async () => {
    const s = await startAsLearner();
    const answers = await correctAnswers(s.attemptId);
    const half = Math.floor(answers.length / 2);
    for (const a of answers.slice(0, half)) {
      expect((await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send(a)).status).toBe(200);
    }
    const quizStep = lesson().manifest.steps.find((st) => st.kind === 'quiz')!;
    expect((await request(h.tool.app).put(`/api/attempts/${s.attemptId}/position`).set(s.auth).send({ stepId: quizStep.id })).status).toBe(204);

    // The student leaves; a new launch from the LMS lands on the same attempt, at the same step.
    const again = await startAsLearner();
    expect(again.attemptId).toBe(s.attemptId);
    const page = await request(h.tool.app).get(again.url);
    const index = lesson().manifest.steps.indexOf(quizStep);
    expect(page.text).toContain(`"start":${index}`);
    expect(page.text).toMatch(new RegExp(`data-step="${quizStep.id}"[^>]*>`));
    expect(page.text).not.toMatch(new RegExp(`data-step="${quizStep.id}"[^>]*hidden`));
    expect(page.text).toMatch(/data-step="story"[^>]*hidden/);

    for (const a of answers.slice(half)) {
      expect((await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(again.auth).send(a)).status).toBe(200);
    }
    const submit = await request(h.tool.app).post(`/api/attempts/${s.attemptId}/submit`).set(again.auth);
    expect(submit.status).toBe(200);
    expect(submit.body).toMatchObject({ percent: 100, passed: true });
    expect((await request(h.tool.app).post(`/api/attempts/${s.attemptId}/submit`).set(again.auth)).status).toBe(409);

    expect(await h.tool.worker.runOnce()).toBe(1);
    expect(h.platform.scores).toHaveLength(1);
    const [score] = h.platform.scores;
    expect(score!.lineItemPath).toBe('/contexts/ctx-1/lineitems/li-1/lineitem/scores');
    expect(score!.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(score!.authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
    expect(score!.body).toEqual({
      userId: 'student-sub-1', scoreGiven: 100, scoreMaximum: 100,
      activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(String(score!.body.timestamp)))).toBe(false);

    const result = await request(h.tool.app).get(submit.body.resultUrl);
    expect(result.status).toBe(200);
    expect(result.text).toContain('100');
    // a launch after submission shows the result, with the choice to try again
    const after = await startAsLearner();
    expect(after.path).toBe(`/attempts/${s.attemptId}/result`);
    const retry = await request(h.tool.app).post('/attempts/new').type('form').send({ s: after.token });
    expect(retry.status).toBe(303);
    expect(sessionFrom(retry.headers.location!).path).not.toBe(`/play/${s.attemptId}`);
  });

  it('stores fractional partial credit (a spot step with one warning sign missed)', async () => {
    const s = await startAsLearner();
    const spot = lesson().manifest.steps.find((st) => st.kind === 'spot')!;
    const flags = spot.kind === 'spot' ? spot.artefact.segments.filter((x) => x.flag).map((x) => x.id) : [];
    const check = await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send({ key: spot.id, answer: flags.slice(1) });
    expect(check.body.points).toBeGreaterThan(0);
    expect(Number.isInteger(check.body.points)).toBe(false);
    const submit = await request(h.tool.app).post(`/api/attempts/${s.attemptId}/submit`).set(s.auth);
    expect(submit.status).toBe(200);
    const r = await h.testDb.database.db.execute(sql`select points from attempt where id = ${s.attemptId}`);
    expect((r as unknown as { rows: Array<{ points: number }> }).rows[0]!.points).toBeCloseTo(check.body.points, 5);
  });

  it('retries a grade the LMS refused with a 500 and caches the access token', async () => {
    const s = await startAsLearner();
    for (const a of await correctAnswers(s.attemptId)) await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send(a);
    await request(h.tool.app).post(`/api/attempts/${s.attemptId}/submit`).set(s.auth);
    h.platform.scoreFaults = [500];
    await h.tool.worker.runOnce();
    expect(h.platform.scores).toHaveLength(0);
    const r = await h.testDb.database.db.execute(sql`select status, tries, last_error from grade_sync`);
    const row = (r as unknown as { rows: Array<{ status: string; tries: number; last_error: string }> }).rows[0]!;
    expect(row).toMatchObject({ status: 'pending', tries: 1 });
    expect(row.last_error).toContain('500');
    await h.testDb.database.db.execute(sql`update grade_sync set next_try_at = now()`);
    await h.tool.worker.runOnce();
    expect(h.platform.scores).toHaveLength(1);
    expect(h.platform.tokenRequests).toBe(1);
  });

  it('shows the teacher each student with status, score and grade-sync status', async () => {
    const s = await startAsLearner();
    for (const a of await correctAnswers(s.attemptId)) await request(h.tool.app).post(`/api/attempts/${s.attemptId}/answers`).set(s.auth).send(a);
    await request(h.tool.app).post(`/api/attempts/${s.attemptId}/submit`).set(s.auth);
    await h.tool.worker.runOnce();
    await startAsLearner('student-sub-2');
    const { res } = await launch(h, { claims: { sub: 'teacher-1', 'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] } });
    const teacher = sessionFrom(res.headers.location!);
    const page = await request(h.tool.app).get(`${teacher.url}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lê Minh Anh');
    expect(page.text).toMatch(/data-status="passed"/);
    expect(page.text).toMatch(/data-status="in_progress"/);
    expect(page.text).toContain('100%');
    expect(page.text).toContain('Sent');
    // a student cannot open the teacher page
    const student = await request(h.tool.app).get(`${teacher.path}?s=${s.token}`);
    expect(student.status).toBe(403);
  });
});

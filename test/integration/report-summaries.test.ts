/**
 * The report summaries are kept incrementally in each submission's transaction. After a burst
 * of concurrent submissions (and retries), they must equal a full recomputation from attempts.
 */
import request from 'supertest';
import { eq, sql } from 'drizzle-orm';
import { assignmentStats, dailyStats, learnerProgress } from '../../src/db';
import { gradedAttempt, recompute } from '../../src/learning';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

async function learner(sub: string) {
  const { res } = await launch(h, { claims: { sub } });
  const s = sessionFrom(res.headers.location!);
  return { attemptId: s.path.split('/').pop()!, auth: { Authorization: `Bearer ${s.token}` }, token: s.token };
}

/** Answers everything right (good) or marks the wrong segments only (bad), then submits. */
async function playAndSubmit(l: { attemptId: string; auth: Record<string, string> }, good: boolean) {
  const lesson = h.catalog.latest('b-3-scams-aimed-at-teens')!;
  const r = await h.testDb.database.db.execute(sql`select drawn from attempt where id = ${l.attemptId}`);
  const drawn = (r as unknown as { rows: Array<{ drawn: Record<string, string[]> }> }).rows[0]!.drawn;
  for (const step of lesson.manifest.steps) {
    if (step.kind === 'spot') {
      const answer = step.artefact.segments.filter((x) => x.flag === good).map((x) => x.id);
      await request(h.tool.app).post(`/api/attempts/${l.attemptId}/answers`).set(l.auth).send({ key: step.id, answer });
    }
    if (step.kind === 'quiz' && good) {
      for (const itemId of drawn[step.id] ?? []) {
        const answer = step.items.find((i) => i.id === itemId)!.options.filter((o) => o.correct).map((o) => o.id);
        await request(h.tool.app).post(`/api/attempts/${l.attemptId}/answers`).set(l.auth).send({ key: `${step.id}/${itemId}`, answer });
      }
    }
  }
  return request(h.tool.app).post(`/api/attempts/${l.attemptId}/submit`).set(l.auth);
}

async function snapshot() {
  const db = h.testDb.database.db;
  const stats = await db.select().from(assignmentStats);
  const progress = (await db.select().from(learnerProgress)).map((p) => ({ u: p.userId, status: p.status, percent: p.percent, attempts: p.attempts, completed: p.completedAt !== null }));
  progress.sort((a, b) => a.u.localeCompare(b.u));
  return { stats: stats.map(({ started, completed, passed, percentSum, ageBand }) => ({ started, completed, passed, percentSum, ageBand })), progress };
}

it('stay equal to a full recomputation after a burst of concurrent submissions', async () => {
  const students = await Promise.all(Array.from({ length: 12 }, (_, i) => learner(`burst-${i}`)));
  const results = await Promise.all(students.map((s, i) => playAndSubmit(s, i % 3 !== 0)));
  for (const r of results) expect(r.status).toBe(200);
  // a few retry: a new attempt each, submitted concurrently again
  const retries = await Promise.all(students.slice(0, 4).map(async (s) => {
    const res = await request(h.tool.app).post('/attempts/new').type('form').send({ s: s.token });
    const attemptId = sessionFrom(res.headers.location!).path.split('/').pop()!;
    return { attemptId, auth: s.auth };
  }));
  await Promise.all(retries.map((r) => playAndSubmit(r, true)));
  // and two students only start
  await Promise.all([learner('idle-1'), learner('idle-2')]);

  const incremental = await snapshot();
  expect(incremental.stats).toHaveLength(1);
  // 8 of 12 pass first time; students 0 and 3 (who failed) pass on their retry
  expect(incremental.stats[0]).toMatchObject({ started: 14, completed: 12, passed: 10, ageBand: 'B' });

  const db = h.testDb.database.db;
  const assignment = (await db.execute(sql`select * from assignment`) as unknown as { rows: Array<{ id: string }> }).rows[0]!;
  const a = (await h.tool.learning.assignments.byId(assignment.id))!;
  await db.transaction((tx) => recompute(tx, a, 'best', 'B', gradedAttempt));
  expect(await snapshot()).toEqual(incremental);

  const [daily] = await db.select({ completed: sql<number>`sum(${dailyStats.completed})::int`, passed: sql<number>`sum(${dailyStats.passed})::int` }).from(dailyStats).where(eq(dailyStats.assignmentId, a.id));
  expect(daily!.completed).toBe(12);
  expect(daily!.passed).toBe(incremental.stats[0]!.passed);
});

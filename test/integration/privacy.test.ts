/**
 * Access and erasure: a user's data exports as JSON; deleting a user or a school leaves nothing
 * of them (attempts, grade rows, progress, summaries counting them); retention purges old
 * attempts and keeps the summaries equal to a recomputation.
 */
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { deleteDeployment, deleteUser, exportUserData, findUsers, purgeExpired } from '../../src/privacy';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

async function playAndSubmit(sub: string) {
  const { res } = await launch(h, { claims: { sub, name: `Name of ${sub}` } });
  const s = sessionFrom(res.headers.location!);
  const attemptId = s.path.split('/').pop()!;
  await request(h.tool.app).post(`/api/attempts/${attemptId}/submit`).set('Authorization', `Bearer ${s.token}`);
  return attemptId;
}
async function count(table: string, where = 'true') {
  const r = await h.testDb.database.db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return (r as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
}
async function stats() {
  const r = await h.testDb.database.db.execute(sql`select started, completed, percent_sum from assignment_stats`);
  return (r as unknown as { rows: unknown[] }).rows[0];
}

it('exports everything about a user, and deleting them leaves nothing of them', async () => {
  await playAndSubmit('keep-me');
  await playAndSubmit('delete-me');
  expect(await stats()).toMatchObject({ started: 2, completed: 2 });
  const [user] = await findUsers(h.testDb.database.db, { sub: 'delete-me', issuer: h.platform.issuer });
  const exported = await exportUserData(h.testDb.database.db, user!.id);
  expect(exported!.user).toMatchObject({ lmsUserId: 'delete-me', name: 'Name of delete-me' });
  expect(exported!.attempts).toHaveLength(1);
  expect(exported!.gradesSentToLms).toHaveLength(1);
  expect(JSON.stringify(exported)).not.toContain('"email"');

  expect(await deleteUser(h.testDb.database.db, h.catalog, user!.id)).toBe(true);
  for (const t of ['attempt', 'grade_sync', 'learner_progress', 'membership']) expect(await count(t, `user_id = '${user!.id}'`)).toBe(0);
  expect(await count('lti_user', `sub = 'delete-me'`)).toBe(0);
  expect(await stats()).toMatchObject({ started: 1, completed: 1 });
  expect(await count('daily_stats', 'completed = 1')).toBe(1);
  expect(await count('lti_user', `sub = 'keep-me'`)).toBe(1);
});

it('deletes a whole school (deployment) with its users', async () => {
  await playAndSubmit('s1');
  const [dep] = (await h.testDb.database.db.execute(sql`select id from deployment`) as unknown as { rows: Array<{ id: string }> }).rows;
  expect(await deleteDeployment(h.testDb.database.db, dep!.id)).toBe(true);
  for (const t of ['context', 'membership', 'assignment', 'attempt', 'grade_sync', 'learner_progress', 'assignment_stats', 'daily_stats', 'lti_user']) expect(await count(t)).toBe(0);
  expect(await count('platform')).toBe(1); // the LMS registration itself stays
});

it('purges attempts past the retention period and keeps summaries consistent', async () => {
  await playAndSubmit('old');
  await playAndSubmit('recent');
  await h.testDb.database.db.execute(sql`update attempt set last_activity_at = now() - interval '400 days' where user_id = (select id from lti_user where sub = 'old')`);
  await h.testDb.database.db.execute(sql`update lti_user set updated_at = now() - interval '400 days' where sub = 'old'`);
  await h.testDb.database.db.execute(sql`update membership set last_launch_at = now() - interval '400 days' where user_id = (select id from lti_user where sub = 'old')`);
  const r = await purgeExpired(h.testDb.database.db, h.catalog, 365);
  expect(r).toEqual({ attempts: 1, users: 1 });
  expect(await count('lti_user', `sub = 'old'`)).toBe(0);
  expect(await count('attempt')).toBe(1);
  expect(await stats()).toMatchObject({ started: 1, completed: 1 });
});

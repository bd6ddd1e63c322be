/**
 * The stores whose correctness depends on the database itself, on PGlite and (TEST_DB=pg) on
 * a PostgreSQL server: single-use login state under a race, the grade outbox's claims, and
 * the attempt writes that must not double up.
 */
import { sql } from 'drizzle-orm';
import { createLoginStateRepository, createPlatformRepository } from '../../src/lti';
import { createGradeSyncRepository } from '../../src/grades';
import { openTestDb, type TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => { t = await openTestDb(); });
afterAll(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

async function platform() {
  return createPlatformRepository(t.database.db).upsert({ issuer: 'https://lms.example', clientId: 'c1', name: 'LMS', authUrl: 'https://lms.example/auth', tokenUrl: 'https://lms.example/token', keysetUrl: 'https://lms.example/jwks' });
}

describe('login state', () => {
  it('is consumed exactly once when two launches race on it', async () => {
    const states = createLoginStateRepository(t.database.db);
    const p = await platform();
    for (let round = 0; round < 5; round++) {
      const { state, nonce } = await states.create(p.id);
      const results = await Promise.all(Array.from({ length: 8 }, () => states.consume(state)));
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ nonce, platformId: p.id, expired: false });
    }
  });

  it('reports an expired state as expired, and purges expired ones', async () => {
    const states = createLoginStateRepository(t.database.db, -1);
    const p = await platform();
    const { state } = await states.create(p.id);
    expect(await states.consume(state)).toMatchObject({ expired: true });
    await states.create(p.id);
    expect(await states.purgeExpired()).toBe(1);
  });
});

describe('grade outbox', () => {
  async function seedSync() {
    const p = await platform();
    const repo = createPlatformRepository(t.database.db);
    const d = await repo.addDeployment(p.id, 'dep');
    const db = t.database.db;
    const [ctx] = (await db.execute(sql`insert into context (deployment_id, lti_context_id) values (${d.id}, 'c') returning id`) as unknown as { rows: Array<{ id: string }> }).rows;
    const [user] = (await db.execute(sql`insert into lti_user (platform_id, sub) values (${p.id}, 's') returning id`) as unknown as { rows: Array<{ id: string }> }).rows;
    const [asg] = (await db.execute(sql`insert into assignment (deployment_id, context_id, resource_link_id, lesson_id, lesson_version) values (${d.id}, ${ctx!.id}, 'rl', 'b-3-x', 1) returning id`) as unknown as { rows: Array<{ id: string }> }).rows;
    const grades = createGradeSyncRepository(db);
    for (let i = 0; i < 6; i++) await grades.enqueue(db, { deploymentId: d.id, assignmentId: asg!.id, userId: user!.id, attemptId: null, score: { n: i } });
    return grades;
  }

  it('never hands the same row to two concurrent claimers, and leases what it hands out', async () => {
    const grades = await seedSync();
    const [a, b, c] = await Promise.all([grades.claimDue(3, 60), grades.claimDue(3, 60), grades.claimDue(3, 60)]);
    const ids = [...a!, ...b!, ...c!].map((r) => r.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect(await grades.claimDue(10, 60)).toHaveLength(0); // all leased
    for (const r of [...a!, ...b!, ...c!]) expect(r.tries).toBe(1);
  });

  it('hands a row out again after its lease ends (a worker died mid-delivery)', async () => {
    const grades = await seedSync();
    const first = await grades.claimDue(10, 60);
    await t.database.db.execute(sql`update grade_sync set locked_until = now() - interval '1 second'`);
    const again = await grades.claimDue(10, 60);
    expect(again.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    expect(again[0]!.tries).toBe(2);
  });

  it('keeps retried rows until their next try, and counts by status', async () => {
    const grades = await seedSync();
    const rows = await grades.claimDue(10, 60);
    await grades.markRetry(rows[0]!.id, 3600, 'LMS answered 503');
    await grades.markDone(rows[1]!.id);
    await grades.markFailed(rows[2]!.id, 'LMS answered 400');
    await t.database.db.execute(sql`update grade_sync set locked_until = null`);
    const due = await grades.claimDue(10, 60);
    expect(due.map((r) => r.id)).not.toContain(rows[0]!.id);
    expect(due).toHaveLength(3);
    expect(await grades.counts()).toEqual({ pending: 4, done: 1, failed: 1 });
  });
});

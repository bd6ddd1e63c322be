/**
 * The grade passback outbox. A row is written in the same transaction as the submission, and
 * workers claim due rows with FOR UPDATE SKIP LOCKED plus a lease (locked_until), so a crash
 * mid-delivery leaves the row to be retried after the lease, and two workers never send the
 * same row at once. AGS keeps the score with the latest timestamp, so a resend is harmless.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { gradeSyncs, type Db, type DbOrTx } from '../db';

export type GradeSync = typeof gradeSyncs.$inferSelect;
export type GradeSyncStatus = GradeSync['status'];

export function createGradeSyncRepository(db: Db) {
  return {
    async enqueue(tx: DbOrTx, row: { deploymentId: string; assignmentId: string; userId: string; attemptId: string | null; score: Record<string, unknown> }): Promise<GradeSync> {
      const [created] = await tx.insert(gradeSyncs).values(row).returning();
      return created!;
    },
    async claimDue(limit: number, leaseSeconds: number): Promise<GradeSync[]> {
      const due = sql`select ${gradeSyncs.id} from ${gradeSyncs}
        where ${gradeSyncs.status} = 'pending' and ${gradeSyncs.nextTryAt} <= now()
          and (${gradeSyncs.lockedUntil} is null or ${gradeSyncs.lockedUntil} < now())
        order by ${gradeSyncs.nextTryAt} limit ${limit} for update skip locked`;
      return db.update(gradeSyncs)
        .set({ lockedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`, tries: sql`${gradeSyncs.tries} + 1` })
        .where(sql`${gradeSyncs.id} in (${due})`)
        .returning();
    },
    async markDone(id: string): Promise<void> {
      await db.update(gradeSyncs).set({ status: 'done', lockedUntil: null, lastError: null, updatedAt: sql`now()` }).where(eq(gradeSyncs.id, id));
    },
    async markRetry(id: string, delaySeconds: number, error: string): Promise<void> {
      await db.update(gradeSyncs).set({
        nextTryAt: sql`now() + make_interval(secs => ${delaySeconds})`, lockedUntil: null, lastError: error, updatedAt: sql`now()`,
      }).where(eq(gradeSyncs.id, id));
    },
    async markFailed(id: string, error: string): Promise<void> {
      await db.update(gradeSyncs).set({ status: 'failed', lockedUntil: null, lastError: error, updatedAt: sql`now()` }).where(eq(gradeSyncs.id, id));
    },
    /** The newest sync row per student of an assignment: what the teacher sees. */
    async latestByUser(assignmentId: string): Promise<Map<string, GradeSync>> {
      const rows = await db.selectDistinctOn([gradeSyncs.userId]).from(gradeSyncs)
        .where(eq(gradeSyncs.assignmentId, assignmentId))
        .orderBy(gradeSyncs.userId, desc(gradeSyncs.createdAt));
      return new Map(rows.map((r) => [r.userId, r]));
    },
    async latestFor(assignmentId: string, userId: string): Promise<GradeSync | undefined> {
      const [row] = await db.select().from(gradeSyncs)
        .where(and(eq(gradeSyncs.assignmentId, assignmentId), eq(gradeSyncs.userId, userId)))
        .orderBy(desc(gradeSyncs.createdAt)).limit(1);
      return row;
    },
    /** Sync health per deployment (school), for operators. */
    async countsByDeployment(): Promise<Array<{ deploymentId: string; pending: number; done: number; failed: number; oldestPending: Date | null }>> {
      return db.select({
        deploymentId: gradeSyncs.deploymentId,
        pending: sql<number>`(count(*) filter (where ${gradeSyncs.status} = 'pending'))::int`,
        done: sql<number>`(count(*) filter (where ${gradeSyncs.status} = 'done'))::int`,
        failed: sql<number>`(count(*) filter (where ${gradeSyncs.status} = 'failed'))::int`,
        oldestPending: sql<Date | null>`min(${gradeSyncs.createdAt}) filter (where ${gradeSyncs.status} = 'pending')`,
      }).from(gradeSyncs).groupBy(gradeSyncs.deploymentId);
    },
    /** Puts failed rows (of one deployment, or all) back in the queue, due now, with fresh tries. */
    async retryFailed(deploymentId?: string): Promise<number> {
      const rows = await db.update(gradeSyncs)
        .set({ status: 'pending', tries: 0, nextTryAt: sql`now()`, lockedUntil: null, updatedAt: sql`now()` })
        .where(deploymentId ? and(eq(gradeSyncs.status, 'failed'), eq(gradeSyncs.deploymentId, deploymentId)) : eq(gradeSyncs.status, 'failed'))
        .returning({ id: gradeSyncs.id });
      return rows.length;
    },
    async counts(): Promise<Record<GradeSyncStatus, number>> {
      const rows = await db.select({ status: gradeSyncs.status, n: sql<number>`count(*)::int` }).from(gradeSyncs).groupBy(gradeSyncs.status);
      const out = { pending: 0, done: 0, failed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
  };
}
export type GradeSyncRepository = ReturnType<typeof createGradeSyncRepository>;

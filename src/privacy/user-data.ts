/**
 * Access and erasure requests (Vietnam's Law 91/2025 on personal data: the school is the
 * controller, First Shield its processor) and the retention purge. Deleting keeps the report
 * summaries true: affected assignments are recomputed from the attempts that remain, and the
 * deleted student's completion events are taken out of the daily counts.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import {
  assignments, attempts, contexts, dailyStats, deployments, gradeSyncs, learnerProgress, loginStates,
  memberships, platforms, users, type Db, type DbOrTx,
} from '../db';
import { ageBandOf, gradedAttempt, recompute, type Assignment } from '../learning';
import type { Catalog } from '../catalog';

export interface UserRef { id?: string; sub?: string; issuer?: string }

export async function findUsers(db: DbOrTx, ref: UserRef): Promise<Array<typeof users.$inferSelect>> {
  if (ref.id) return db.select().from(users).where(eq(users.id, ref.id));
  if (!ref.sub) return [];
  const rows = await db.select({ u: users, issuer: platforms.issuer }).from(users).innerJoin(platforms, eq(platforms.id, users.platformId)).where(eq(users.sub, ref.sub));
  return rows.filter((r) => !ref.issuer || r.issuer === ref.issuer).map((r) => r.u);
}

/** Everything the tool holds about one student or teacher, as JSON (the right of access). */
export async function exportUserData(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  const [platform] = await db.select({ issuer: platforms.issuer, name: platforms.name }).from(platforms).where(eq(platforms.id, user.platformId));
  const member = await db.select({ context: contexts.title, label: contexts.label, roles: memberships.roles, lastLaunchAt: memberships.lastLaunchAt })
    .from(memberships).innerJoin(contexts, eq(contexts.id, memberships.contextId)).where(eq(memberships.userId, userId));
  const tries = await db.select({
    lesson: attempts.lessonId, version: attempts.lessonVersion, attempt: attempts.attemptNumber, status: attempts.status,
    answers: attempts.answers, percent: attempts.percent, passed: attempts.passed, startedAt: attempts.startedAt,
    submittedAt: attempts.submittedAt, timeOnTaskSeconds: attempts.timeOnTaskSeconds,
  }).from(attempts).where(eq(attempts.userId, userId));
  const grades = await db.select({ status: gradeSyncs.status, score: gradeSyncs.score, createdAt: gradeSyncs.createdAt }).from(gradeSyncs).where(eq(gradeSyncs.userId, userId));
  return {
    exportedAt: new Date().toISOString(),
    user: { lmsUserId: user.sub, name: user.name, lms: platform, firstSeen: user.createdAt },
    classes: member, attempts: tries, gradesSentToLms: grades,
    note: 'First Shield stores no email address and never stores reflection text or disclosures.',
  };
}

async function recomputeAssignments(tx: DbOrTx, catalog: Catalog, ids: string[]) {
  if (ids.length === 0) return;
  const list = await tx.select().from(assignments).where(inArray(assignments.id, ids));
  for (const a of list as Assignment[]) {
    const lesson = catalog.get(a.lessonId, a.lessonVersion);
    await recompute(tx, a, a.settings.gradingPolicy ?? 'best', lesson ? ageBandOf(lesson) : 'B', gradedAttempt);
  }
}

/** Takes a student's completion and pass events out of the daily counts before their rows go. */
async function removeDailyEvents(tx: DbOrTx, userId: string) {
  const rows = await tx.select().from(learnerProgress).where(eq(learnerProgress.userId, userId));
  for (const p of rows) {
    const dec = (col: 'completed' | 'passed', at: Date | null) => at && tx.update(dailyStats)
      .set({ [col]: sql`greatest(0, ${dailyStats[col]} - 1)` })
      .where(and(eq(dailyStats.assignmentId, p.assignmentId), eq(dailyStats.day, sql`(${at.toISOString()}::timestamptz at time zone 'utc')::date`)));
    await dec('completed', p.completedAt);
    await dec('passed', p.passedAt);
  }
}

/** The right to erasure for one user: their attempts, grade rows, progress and the user row. */
export async function deleteUser(db: Db, catalog: Catalog, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const touched = (await tx.selectDistinct({ id: learnerProgress.assignmentId }).from(learnerProgress).where(eq(learnerProgress.userId, userId))).map((r) => r.id);
    await removeDailyEvents(tx, userId);
    const gone = await tx.delete(users).where(eq(users.id, userId)).returning({ id: users.id }); // cascades
    await recomputeAssignments(tx, catalog, touched);
    return gone.length > 0;
  });
}

/** A school leaves: everything of that deployment, and its users who belong nowhere else. */
export async function deleteDeployment(db: Db, deploymentId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const members = (await tx.selectDistinct({ id: memberships.userId }).from(memberships).where(eq(memberships.deploymentId, deploymentId))).map((r) => r.id);
    const gone = await tx.delete(deployments).where(eq(deployments.id, deploymentId)).returning({ id: deployments.id });
    if (members.length) {
      await tx.delete(users).where(and(inArray(users.id, members), sql`not exists (select 1 from ${memberships} where ${memberships.userId} = ${users.id})`));
    }
    return gone.length > 0;
  });
}

/**
 * Retention: attempts whose last activity is older than `days` are deleted (with their grade
 * rows), summaries are recomputed, and users with nothing left and no launch in that time go.
 */
export async function purgeExpired(db: Db, catalog: Catalog, days: number): Promise<{ attempts: number; users: number }> {
  const cutoff = new Date(Date.now() - days * 86_400_000);
  return db.transaction(async (tx) => {
    const old = await tx.select({ id: attempts.id, assignmentId: attempts.assignmentId, userId: attempts.userId }).from(attempts).where(lt(attempts.lastActivityAt, cutoff));
    if (old.length) {
      await tx.delete(gradeSyncs).where(inArray(gradeSyncs.attemptId, old.map((o) => o.id)));
      await tx.delete(attempts).where(inArray(attempts.id, old.map((o) => o.id)));
      await tx.delete(learnerProgress).where(and(
        inArray(learnerProgress.assignmentId, [...new Set(old.map((o) => o.assignmentId))]),
        sql`not exists (select 1 from ${attempts} where ${attempts.assignmentId} = ${learnerProgress.assignmentId} and ${attempts.userId} = ${learnerProgress.userId})`));
      await recomputeAssignments(tx, catalog, [...new Set(old.map((o) => o.assignmentId))]);
    }
    await tx.delete(gradeSyncs).where(and(eq(gradeSyncs.status, 'done'), lt(gradeSyncs.updatedAt, cutoff)));
    await tx.delete(loginStates).where(lt(loginStates.expiresAt, new Date()));
    await tx.delete(memberships).where(lt(memberships.lastLaunchAt, cutoff));
    const gone = await tx.delete(users).where(and(lt(users.updatedAt, cutoff),
      sql`not exists (select 1 from ${attempts} where ${attempts.userId} = ${users.id})`,
      sql`not exists (select 1 from ${memberships} where ${memberships.userId} = ${users.id})`)).returning({ id: users.id });
    return { attempts: old.length, users: gone.length };
  });
}

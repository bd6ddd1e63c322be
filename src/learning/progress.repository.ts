/**
 * Keeps the report summaries (learner_progress, assignment_stats, daily_stats) in step with
 * attempts, inside the caller's transaction, so school reports read a few rows per class
 * instead of scanning attempts (GROUP BY over 1 M attempts takes 0.2–1.7 s; DESIGN.md).
 * recompute() rebuilds one assignment from its attempts: after a settings change, and as the
 * reference the tests compare the incremental path against.
 */
import { and, eq, sql } from 'drizzle-orm';
import { assignmentStats, attempts, dailyStats, learnerProgress, type DbOrTx } from '../db';
import type { Assignment } from './assignment.repository';
import type { Attempt } from './attempt.repository';

type Policy = 'best' | 'last' | 'first';

export async function ensureStats(tx: DbOrTx, a: Assignment, ageBand: string): Promise<void> {
  await tx.insert(assignmentStats)
    .values({ assignmentId: a.id, deploymentId: a.deploymentId, contextId: a.contextId, lessonId: a.lessonId, ageBand })
    .onConflictDoNothing();
}

/** A new attempt: the first one for this student makes them "started". */
export async function recordStart(tx: DbOrTx, a: Assignment, userId: string): Promise<void> {
  const [row] = await tx.insert(learnerProgress)
    .values({ assignmentId: a.id, userId, deploymentId: a.deploymentId, contextId: a.contextId, status: 'in_progress', attempts: 1 })
    .onConflictDoUpdate({ target: [learnerProgress.assignmentId, learnerProgress.userId], set: { attempts: sql`${learnerProgress.attempts} + 1` } })
    .returning({ attempts: learnerProgress.attempts });
  if (row?.attempts === 1) {
    await tx.update(assignmentStats).set({ started: sql`${assignmentStats.started} + 1` }).where(eq(assignmentStats.assignmentId, a.id));
  }
}

/** A submission changed the graded attempt: move the counters by the difference it makes. */
export async function recordSubmission(tx: DbOrTx, a: Assignment, userId: string, graded: Attempt): Promise<void> {
  const [old] = await tx.select().from(learnerProgress)
    .where(and(eq(learnerProgress.assignmentId, a.id), eq(learnerProgress.userId, userId))).for('update');
  if (!old) return; // attempts that predate summaries are picked up by recompute()
  const passed = graded.passed === true;
  const percent = graded.percent ?? 0;
  const wasCompleted = old.completedAt !== null;
  const wasPassed = old.status === 'passed';
  await tx.update(learnerProgress).set({
    status: passed ? 'passed' : 'not_passed', percent,
    completedAt: sql`coalesce(${learnerProgress.completedAt}, now())`,
    passedAt: passed ? sql`coalesce(${learnerProgress.passedAt}, now())` : null,
  }).where(and(eq(learnerProgress.assignmentId, a.id), eq(learnerProgress.userId, userId)));
  const dCompleted = wasCompleted ? 0 : 1;
  const dPassed = (passed ? 1 : 0) - (wasPassed ? 1 : 0);
  const dPercent = percent - (wasCompleted ? (old.percent ?? 0) : 0);
  await tx.update(assignmentStats).set({
    completed: sql`${assignmentStats.completed} + ${dCompleted}`,
    passed: sql`${assignmentStats.passed} + ${dPassed}`,
    percentSum: sql`${assignmentStats.percentSum} + ${dPercent}`,
  }).where(eq(assignmentStats.assignmentId, a.id));
  const newPass = passed && !wasPassed && old.passedAt === null;
  if (dCompleted || newPass) {
    await tx.insert(dailyStats)
      .values({ assignmentId: a.id, day: sql`(now() at time zone 'utc')::date`, deploymentId: a.deploymentId, completed: dCompleted, passed: newPass ? 1 : 0 })
      .onConflictDoUpdate({
        target: [dailyStats.assignmentId, dailyStats.day],
        set: { completed: sql`${dailyStats.completed} + ${dCompleted}`, passed: sql`${dailyStats.passed} + ${newPass ? 1 : 0}` },
      });
  }
}

/** Rebuilds one assignment's summaries from its attempts (same rules as the incremental path). */
export async function recompute(tx: DbOrTx, a: Assignment, policy: Policy, ageBand: string, graded: (list: Attempt[], policy: Policy) => Attempt | undefined): Promise<void> {
  await ensureStats(tx, a, ageBand);
  await tx.select().from(assignmentStats).where(eq(assignmentStats.assignmentId, a.id)).for('update');
  const rows = await tx.select().from(attempts).where(eq(attempts.assignmentId, a.id));
  const byUser = new Map<string, Attempt[]>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const old = new Map((await tx.select().from(learnerProgress).where(eq(learnerProgress.assignmentId, a.id))).map((p) => [p.userId, p]));
  let completed = 0; let passed = 0; let percentSum = 0;
  for (const [userId, list] of byUser) {
    const g = graded(list, policy);
    const firstDone = list.filter((x) => x.submittedAt).map((x) => x.submittedAt!.getTime()).sort((x, y) => x - y)[0];
    const isPassed = g?.passed === true;
    if (g) { completed++; percentSum += g.percent ?? 0; if (isPassed) passed++; }
    const prev = old.get(userId);
    const values = {
      status: (g ? (isPassed ? 'passed' : 'not_passed') : 'in_progress') as 'passed' | 'not_passed' | 'in_progress',
      percent: g?.percent ?? null, attempts: list.length,
      completedAt: firstDone ? new Date(firstDone) : null,
      passedAt: isPassed ? (prev?.passedAt ?? g!.submittedAt) : null,
    };
    await tx.insert(learnerProgress)
      .values({ assignmentId: a.id, userId, deploymentId: a.deploymentId, contextId: a.contextId, startedAt: list[0]!.startedAt, ...values })
      .onConflictDoUpdate({ target: [learnerProgress.assignmentId, learnerProgress.userId], set: values });
  }
  await tx.update(assignmentStats).set({ started: byUser.size, completed, passed, percentSum })
    .where(eq(assignmentStats.assignmentId, a.id));
}

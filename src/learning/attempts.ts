/**
 * Attempt use-cases: start or resume, record an answer (with immediate feedback), save the
 * position, submit. Scores are computed here on the server only. Submitting writes the attempt
 * and the grade passback row in one transaction, so a crash or an LMS outage loses nothing.
 */
import { and, eq } from 'drizzle-orm';
import { attempts as attemptsTable, gradeSyncs, users, type AssignmentSettings, type Db, type DbOrTx } from '../db';
import type { Catalog, Lesson } from '../catalog';
import type { GradeSyncRepository } from '../grades';
import { checkAnswer, drawItems, isChatDecisionAvailable, scoreAttempt, type AttemptScore, type ItemCheck } from './scoring';
import { createAssignmentRepository, type Assignment } from './assignment.repository';
import { createAttemptRepository, type Attempt } from './attempt.repository';
import { LearningError } from './errors';
import { recompute, recordStart, recordSubmission } from './progress.repository';

export interface LearningDeps { db: Db; catalog: Catalog; grades: GradeSyncRepository; random?: () => number }

export function effectiveSettings(a: Assignment, lesson: Lesson) {
  return {
    passMark: a.settings.passMark ?? lesson.manifest.passMark,
    maxAttempts: a.settings.maxAttempts ?? null,
    gradingPolicy: a.settings.gradingPolicy ?? 'best',
    completionOnly: a.settings.completionOnly ?? lesson.manifest.completionOnly ?? false,
    dueAt: a.settings.dueAt ?? null,
  };
}

/** The age band a lesson's numbers are reported under; SCORM packages have none of their own. */
export function ageBandOf(lesson: Lesson): string {
  return lesson.manifest.code === 'SCORM' ? 'SCORM' : (lesson.manifest.ageBands[0] ?? 'B');
}

/** Which submitted attempt's score goes to the gradebook, by the assignment's policy. */
export function gradedAttempt(submitted: Attempt[], policy: 'best' | 'last' | 'first'): Attempt | undefined {
  const done = submitted.filter((a) => a.status === 'submitted').sort((x, y) => x.attemptNumber - y.attemptNumber);
  if (policy === 'first') return done[0];
  if (policy === 'last') return done[done.length - 1];
  return done.reduce<Attempt | undefined>((best, a) => (!best || (a.percent ?? 0) > (best.percent ?? 0) ? a : best), undefined);
}

export function createLearning(deps: LearningDeps) {
  const attemptsRepo = createAttemptRepository(deps.db);
  const assignmentsRepo = createAssignmentRepository(deps.db);

  function lessonOf(a: { lessonId: string; lessonVersion: number }): Lesson {
    const lesson = deps.catalog.get(a.lessonId, a.lessonVersion);
    if (!lesson) throw new LearningError('lesson_unknown', 404, `lesson ${a.lessonId} v${a.lessonVersion} is not installed`);
    return lesson;
  }

  async function newAttempt(assignment: Assignment, userId: string): Promise<Attempt> {
    const lesson = lessonOf(assignment);
    const { maxAttempts } = effectiveSettings(assignment, lesson);
    const existing = await attemptsRepo.forUser(assignment.id, userId);
    const open = existing.find((a) => a.status === 'in_progress');
    if (open) return open;
    if (maxAttempts && existing.length >= maxAttempts) throw new LearningError('attempts_exhausted', 409, 'no attempts left');
    const created = await deps.db.transaction(async (tx) => {
      const row = await attemptsRepo.create({
        deploymentId: assignment.deploymentId, assignmentId: assignment.id, userId,
        lessonId: assignment.lessonId, lessonVersion: assignment.lessonVersion,
        drawn: drawItems(lesson, deps.random),
      }, tx);
      if (row) await recordStart(tx, assignment, userId);
      return row;
    });
    // A concurrent request created the same attempt number first: use that one.
    return created ?? (await attemptsRepo.latest(assignment.id, userId))!;
  }

  /** Queues the score the gradebook should hold now for this student, by the grading policy. */
  /** Queues the score the gradebook should hold now; returns the graded attempt, if any. */
  async function enqueueGrade(tx: DbOrTx, assignment: Assignment, userId: string, settings: ReturnType<typeof effectiveSettings>): Promise<Attempt | undefined> {
    const all = await createAttemptRepository(tx).forUser(assignment.id, userId);
    const graded = gradedAttempt(all, settings.gradingPolicy);
    if (!graded) return undefined;
    const [user] = await tx.select({ sub: users.sub }).from(users).where(eq(users.id, userId));
    await deps.grades.enqueue(tx, {
      deploymentId: assignment.deploymentId, assignmentId: assignment.id, userId, attemptId: graded.id,
      score: {
        userId: user!.sub, scoreGiven: settings.completionOnly ? 100 : (graded.percent ?? 0), scoreMaximum: 100,
        activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date().toISOString(),
      },
    });
    return graded;
  }

  async function ownAttempt(attemptId: string, userId: string): Promise<Attempt> {
    const attempt = await attemptsRepo.byId(attemptId);
    if (!attempt || attempt.userId !== userId) throw new LearningError('attempt_not_found', 404);
    return attempt;
  }

  return {
    assignments: assignmentsRepo,
    attempts: attemptsRepo,
    lessonOf,
    newAttempt,
    ownAttempt,
    /** The attempt a launch lands on: the open one, else the last submitted one, else a new one. */
    async current(assignment: Assignment, userId: string): Promise<Attempt> {
      const latest = await attemptsRepo.latest(assignment.id, userId);
      return latest ?? newAttempt(assignment, userId);
    },
    async answer(attemptId: string, userId: string, key: string, answer: string[]): Promise<ItemCheck> {
      const attempt = await ownAttempt(attemptId, userId);
      if (attempt.status !== 'in_progress') throw new LearningError('already_submitted', 409);
      const lesson = lessonOf(attempt);
      const [stepId = '', itemId] = key.split('/');
      const step = lesson.manifest.steps.find((st) => st.id === stepId);
      // Quiz items must be among those drawn for this attempt; chat decisions must lie on the
      // path the learner's earlier choices lead to (no answering the "safe" branch after the fact).
      if (step?.kind === 'quiz' && (itemId === undefined || !attempt.drawn[stepId]?.includes(itemId))) {
        throw new LearningError('invalid_answer', 400, 'that question is not part of this attempt');
      }
      if (step?.kind === 'chat' && (itemId === undefined || !isChatDecisionAvailable(lesson, stepId, itemId, attempt.answers))) {
        throw new LearningError('invalid_answer', 400, 'that part of the conversation is not open');
      }
      let check: ItemCheck;
      try {
        check = checkAnswer(lesson, key, answer);
      } catch (e) {
        throw new LearningError('invalid_answer', 400, (e as Error).message);
      }
      const saved = await attemptsRepo.recordAnswer(attemptId, key, answer);
      if (!saved) throw new LearningError('already_answered', 409, 'this question was already answered in this attempt');
      return check;
    },
    async position(attemptId: string, userId: string, stepId: string): Promise<void> {
      const attempt = await ownAttempt(attemptId, userId);
      if (!lessonOf(attempt).manifest.steps.some((s) => s.id === stepId)) throw new LearningError('invalid_answer', 400, 'unknown step');
      if (!(await attemptsRepo.recordPosition(attemptId, stepId))) throw new LearningError('already_submitted', 409);
    },
    score(attempt: Attempt, assignment: Assignment): AttemptScore {
      const lesson = lessonOf(attempt);
      return scoreAttempt(lesson, attempt.drawn, attempt.answers, effectiveSettings(assignment, lesson).passMark);
    },
    /** Sends the current grade again (teacher's "re-send"); returns how many were queued. */
    async resend(assignment: Assignment, userIds: string[]): Promise<number> {
      const settings = effectiveSettings(assignment, lessonOf(assignment));
      let n = 0;
      await deps.db.transaction(async (tx) => {
        for (const userId of userIds) if (await enqueueGrade(tx, assignment, userId, settings)) n++;
      });
      return n;
    },
    /**
     * A teacher changed the pass mark, attempts or grading policy: save, rebuild the report
     * summaries for this assignment, and send every student's grade again under the new rules.
     */
    async applySettings(assignment: Assignment, settings: AssignmentSettings): Promise<number> {
      const updated = { ...assignment, settings };
      const lesson = lessonOf(assignment);
      const eff = effectiveSettings(updated, lesson);
      let queued = 0;
      await deps.db.transaction(async (tx) => {
        await createAssignmentRepository(tx).updateSettings(assignment.id, settings);
        await recompute(tx, updated, eff.gradingPolicy, ageBandOf(lesson), gradedAttempt);
        const users = await tx.selectDistinct({ userId: attemptsTable.userId }).from(attemptsTable)
          .where(and(eq(attemptsTable.assignmentId, assignment.id), eq(attemptsTable.status, 'submitted')));
        for (const u of users) if (await enqueueGrade(tx, updated, u.userId, eff)) queued++;
      });
      return queued;
    },
    /**
     * A result computed outside the native scorer (a SCORM package's roll-up): the attempt takes
     * its percent; on completion it is submitted and graded by the assignment's policy; before
     * that, the LMS is told once that the activity started (AGS InProgress / Pending).
     * Returns true when a grade was queued.
     */
    async recordExternalResult(attemptId: string, r: { percent: number | null; completed: boolean; passed: boolean; activityProgress: 'Started' | 'InProgress' | 'Completed'; gradingProgress: 'Pending' | 'FullyGraded' }): Promise<boolean> {
      const attempt = await attemptsRepo.byId(attemptId);
      if (!attempt || attempt.status !== 'in_progress') return false;
      const assignment = (await assignmentsRepo.byId(attempt.assignmentId))!;
      const settings = effectiveSettings(assignment, lessonOf(assignment));
      const percent = r.percent === null ? (r.completed ? (r.passed ? 100 : 0) : null) : Math.round(r.percent);
      return deps.db.transaction(async (tx) => {
        if (r.completed) {
          const row = await attemptsRepo.markSubmitted(tx, attemptId, {
            points: percent ?? 0, maxPoints: 100, percent: percent ?? 0, passed: r.passed, result: { external: 'scorm' },
          });
          if (!row) return false;
          const graded = await enqueueGrade(tx, assignment, attempt.userId, settings);
          if (graded) await recordSubmission(tx, assignment, attempt.userId, graded);
          return !!graded;
        }
        await tx.update(attemptsTable).set({ percent, lastActivityAt: new Date() }).where(eq(attemptsTable.id, attemptId));
        const [sent] = await tx.select({ id: gradeSyncs.id }).from(gradeSyncs).where(eq(gradeSyncs.attemptId, attemptId)).limit(1);
        if (sent || !assignment.lineItemUrl) return false;
        const [user] = await tx.select({ sub: users.sub }).from(users).where(eq(users.id, attempt.userId));
        await deps.grades.enqueue(tx, {
          deploymentId: assignment.deploymentId, assignmentId: assignment.id, userId: attempt.userId, attemptId,
          score: { userId: user!.sub, activityProgress: r.activityProgress === 'Completed' ? 'InProgress' : r.activityProgress, gradingProgress: 'Pending', timestamp: new Date().toISOString() },
        });
        return true;
      });
    },
    async submit(attemptId: string, userId: string): Promise<{ attempt: Attempt; score: AttemptScore }> {
      const attempt = await ownAttempt(attemptId, userId);
      if (attempt.status !== 'in_progress') throw new LearningError('already_submitted', 409);
      const assignment = (await assignmentsRepo.byId(attempt.assignmentId))!;
      const lesson = lessonOf(attempt);
      const settings = effectiveSettings(assignment, lesson);
      const score = scoreAttempt(lesson, attempt.drawn, attempt.answers, settings.passMark);
      const saved = await deps.db.transaction(async (tx) => {
        const row = await attemptsRepo.markSubmitted(tx, attemptId, {
          points: score.points, maxPoints: score.maxPoints, percent: score.percent, passed: score.passed,
          result: { items: score.items.map((i) => ({ key: i.key, correct: i.correct, points: i.points, maxPoints: i.maxPoints, chosen: i.feedback.filter((f) => f.chosen).map((f) => f.id) })), objectives: score.objectives, mustPassFailed: score.mustPassFailed },
        });
        if (!row) throw new LearningError('already_submitted', 409);
        const graded = await enqueueGrade(tx, assignment, userId, settings);
        if (graded) await recordSubmission(tx, assignment, userId, graded);
        return row;
      });
      return { attempt: saved, score };
    },
  };
}
export type Learning = ReturnType<typeof createLearning>;

/**
 * The course view: every assignment of one class × every student, with the counted score and
 * status per cell and completion per assignment. Attempts are read for this context's
 * assignments only (students × lessons × a few attempts, selected columns, no answers), and
 * joined in memory.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { assignments as assignmentTable, attempts, type Db } from '../db';
import { launchedLearners, mergeRoster, type ClassMember, type Student, type StudentStatus } from './assignment-roster';
import { passedUnder, pickGraded, type GradingSettings } from './grading';

/** The assignments of one class (and deployment, the tenant key), oldest first. */
export async function contextAssignments(db: Db, contextId: string, deploymentId: string) {
  return db.select().from(assignmentTable)
    .where(and(eq(assignmentTable.contextId, contextId), eq(assignmentTable.deploymentId, deploymentId)))
    .orderBy(asc(assignmentTable.createdAt));
}

export interface CourseAssignment { id: string; settings: GradingSettings }

export interface CourseCell { status: StudentStatus; percent: number | null; attempts: number }

export interface CourseGrid {
  students: Array<Student & { cells: CourseCell[] }>;
  /** Per assignment, in the order given: students who submitted, passed, and the average counted score. */
  columns: Array<{ id: string; submitted: number; passed: number; averagePercent: number | null }>;
}

export async function courseGrid(db: Db, contextId: string, assignments: CourseAssignment[], roster?: ClassMember[]): Promise<CourseGrid> {
  const students = mergeRoster(await launchedLearners(db, contextId), roster);
  const ids = students.flatMap((s) => (s.userId ? [s.userId] : []));
  const rows = ids.length && assignments.length
    ? await db.select({
      assignmentId: attempts.assignmentId, userId: attempts.userId, attemptNumber: attempts.attemptNumber,
      status: attempts.status, percent: attempts.percent, result: attempts.result,
    }).from(attempts)
      .where(and(inArray(attempts.assignmentId, assignments.map((a) => a.id)), inArray(attempts.userId, ids)))
      .orderBy(asc(attempts.attemptNumber))
    : [];
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = `${r.assignmentId} ${r.userId}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const grid = students.map((s) => ({
    ...s,
    cells: assignments.map((a): CourseCell => {
      const mine = s.userId ? byKey.get(`${a.id} ${s.userId}`) ?? [] : [];
      const graded = pickGraded(mine, a.settings.gradingPolicy);
      const open = mine.some((t) => t.status === 'in_progress');
      const status: StudentStatus = graded ? (passedUnder(graded, a.settings) ? 'passed' : 'not_passed') : open ? 'in_progress' : 'not_started';
      return { status, percent: graded?.percent ?? null, attempts: mine.length };
    }),
  }));
  const columns = assignments.map((a, i) => {
    const done = grid.map((g) => g.cells[i]!).filter((c) => c.status === 'passed' || c.status === 'not_passed');
    return {
      id: a.id,
      submitted: done.length,
      passed: done.filter((c) => c.status === 'passed').length,
      averagePercent: done.length ? Math.round(done.reduce((sum, c) => sum + (c.percent ?? 0), 0) / done.length) : null,
    };
  });
  return { students: grid, columns };
}

/**
 * What a teacher sees for one assignment: every student the tool knows in the class (those who
 * launched), their status, graded score, attempts, time on task, last activity and the state of
 * their grade passback. One query per table, joined in memory: a class is at most a few hundred.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { attempts, memberships, users, type Db } from '../db';
import type { GradeSyncRepository } from '../grades';
import { gradedAttempt, type Assignment } from '../learning';
import { ROLES } from '../lti';

export type StudentStatus = 'not_started' | 'in_progress' | 'passed' | 'not_passed';

export interface RosterRow {
  userId: string;
  name: string | null;
  status: StudentStatus;
  percent: number | null;
  attempts: number;
  timeOnTaskSeconds: number;
  lastActivityAt: Date | null;
  sync: { status: 'pending' | 'done' | 'failed'; error: string | null; tries: number } | null;
}

const LEARNER = new Set<string>(ROLES.learner);

export async function assignmentRoster(db: Db, grades: GradeSyncRepository, assignment: Assignment, policy: 'best' | 'last' | 'first'): Promise<RosterRow[]> {
  const members = await db.select({ userId: memberships.userId, roles: memberships.roles, name: users.name })
    .from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.contextId, assignment.contextId));
  const learners = members.filter((m) => m.roles.some((r) => LEARNER.has(r)));
  const ids = learners.map((l) => l.userId);
  const rows = ids.length
    ? await db.select().from(attempts)
      .where(and(eq(attempts.assignmentId, assignment.id), inArray(attempts.userId, ids)))
      .orderBy(asc(attempts.attemptNumber))
    : [];
  const syncs = await grades.latestByUser(assignment.id);
  return learners.map((l) => {
    const mine = rows.filter((a) => a.userId === l.userId);
    const graded = gradedAttempt(mine, policy);
    const open = mine.some((a) => a.status === 'in_progress');
    const status: StudentStatus = graded ? (graded.passed ? 'passed' : 'not_passed') : open ? 'in_progress' : 'not_started';
    const last = mine.reduce<Date | null>((d, a) => (!d || a.lastActivityAt > d ? a.lastActivityAt : d), null);
    const sync = syncs.get(l.userId);
    return {
      userId: l.userId, name: l.name, status, percent: graded?.percent ?? null, attempts: mine.length,
      timeOnTaskSeconds: mine.reduce((s, a) => s + a.timeOnTaskSeconds, 0), lastActivityAt: last,
      sync: sync ? { status: sync.status, error: sync.lastError, tries: sync.tries } : null,
    };
  }).sort((a, b) => (a.name ?? a.userId).localeCompare(b.name ?? b.userId, 'vi'));
}

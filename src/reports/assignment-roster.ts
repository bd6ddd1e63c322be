/**
 * What a teacher sees for one assignment: every student of the class — those who launched,
 * plus, when the LMS shares its roster (NRPS), those who never did — with status, graded score,
 * attempts, time on task, last activity and the state of their grade passback. One query per
 * table, joined in memory: a class is at most a few hundred students.
 * Roster members who never launched are passed in by the caller and never written anywhere.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { attempts, memberships, users, type Db } from '../db';
import type { GradeSyncRepository } from '../grades';
import type { Assignment, Attempt } from '../learning';
import { ROLES } from '../lti';
import { passedUnder, pickGraded, type GradingSettings } from './grading';

export type StudentStatus = 'not_started' | 'in_progress' | 'passed' | 'not_passed';

/** A learner as the LMS roster (NRPS) lists them: `sub` is the LTI user id, the name only if sent. */
export interface ClassMember { sub: string; name: string | null }

export interface RosterRow {
  /** Our user id; null for a roster member who never launched (nothing stored about them). */
  userId: string | null;
  sub: string;
  name: string | null;
  status: StudentStatus;
  percent: number | null;
  attempts: number;
  timeOnTaskSeconds: number;
  lastActivityAt: Date | null;
  sync: { status: 'pending' | 'done' | 'failed'; error: string | null; tries: number } | null;
  /** The attempt that counts (submitted), for per-question statistics. */
  graded?: Attempt;
}

const LEARNER = new Set<string>(ROLES.learner);

/** Learners of a context known from launches (membership rows), with their LTI sub. */
export async function launchedLearners(db: Db, contextId: string) {
  const members = await db.select({ userId: memberships.userId, roles: memberships.roles, name: users.name, sub: users.sub })
    .from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.contextId, contextId));
  return members.filter((m) => m.roles.some((r) => LEARNER.has(r)));
}

/**
 * Launch-known learners ∪ roster members, matched on sub (NRPS user_id = the launch's sub).
 * The name the LMS sent at launch wins; a roster name fills in for those who never launched.
 * Sorted by name (as the LMS spelled it), then unnamed students by sub, so numbering is stable.
 */
export interface Student { userId: string | null; sub: string; name: string | null }

export function mergeRoster(launched: Array<{ userId: string; sub: string; name: string | null }>, roster: ClassMember[] = []): Student[] {
  const bySub = new Map<string, Student>(launched.map((l) => [l.sub, { userId: l.userId, sub: l.sub, name: l.name }]));
  for (const m of roster) {
    const known = bySub.get(m.sub);
    if (known) known.name ??= m.name;
    else bySub.set(m.sub, { userId: null, sub: m.sub, name: m.name });
  }
  return [...bySub.values()].sort((a, b) => {
    if (a.name && b.name) return a.name.localeCompare(b.name, 'vi') || a.sub.localeCompare(b.sub);
    if (a.name || b.name) return a.name ? -1 : 1;
    return a.sub.localeCompare(b.sub);
  });
}

export async function assignmentRoster(
  db: Db, grades: GradeSyncRepository, assignment: Assignment, settings: GradingSettings, roster?: ClassMember[],
): Promise<RosterRow[]> {
  const students = mergeRoster(await launchedLearners(db, assignment.contextId), roster);
  const ids = students.flatMap((s) => (s.userId ? [s.userId] : []));
  const rows = ids.length
    ? await db.select().from(attempts)
      .where(and(eq(attempts.assignmentId, assignment.id), inArray(attempts.userId, ids)))
      .orderBy(asc(attempts.attemptNumber))
    : [];
  const syncs = await grades.latestByUser(assignment.id);
  return students.map((s) => {
    const mine = s.userId ? rows.filter((a) => a.userId === s.userId) : [];
    const graded = pickGraded(mine, settings.gradingPolicy);
    const open = mine.some((a) => a.status === 'in_progress');
    const status: StudentStatus = graded ? (passedUnder(graded, settings) ? 'passed' : 'not_passed') : open ? 'in_progress' : 'not_started';
    const last = mine.reduce<Date | null>((d, a) => (!d || a.lastActivityAt > d ? a.lastActivityAt : d), null);
    const sync = s.userId ? syncs.get(s.userId) : undefined;
    return {
      userId: s.userId, sub: s.sub, name: s.name, status, percent: graded?.percent ?? null, attempts: mine.length,
      timeOnTaskSeconds: mine.reduce((sum, a) => sum + a.timeOnTaskSeconds, 0), lastActivityAt: last,
      sync: sync ? { status: sync.status, error: sync.lastError, tries: sync.tries } : null,
      graded,
    };
  });
}

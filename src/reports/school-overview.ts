/**
 * The school administrator's first question: which classes have done the lessons, and how
 * well? Per class: its learners and, per assignment, how many started, submitted and passed.
 * (Issue 5 moves these numbers to summary tables for million-attempt schools.)
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db';

export interface ClassOverview {
  contextId: string; title: string | null; label: string | null; learners: number;
  assignments: Array<{ assignmentId: string; lessonId: string; title: string | null; started: number; submitted: number; passed: number; averagePercent: number | null }>;
}

const LEARNER_ROLES = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', 'Learner'];

export async function schoolOverview(db: Db, deploymentId: string): Promise<ClassOverview[]> {
  const classes = await rows<{ id: string; title: string | null; label: string | null; learners: number }>(db, sql`
    select c.id, c.title, c.label,
      (select count(*)::int from membership m where m.context_id = c.id and m.roles && array[${sql.join(LEARNER_ROLES.map((r) => sql`${r}`), sql`, `)}]::text[]) as learners
    from context c where c.deployment_id = ${deploymentId}
    order by coalesce(c.label, c.title, c.lti_context_id)`);
  const stats = await rows<{ context_id: string; id: string; lesson_id: string; title: string | null; started: number; submitted: number; passed: number; avg: number | null }>(db, sql`
    select a.context_id, a.id, a.lesson_id, a.title,
      count(distinct t.user_id)::int as started,
      count(distinct t.user_id) filter (where t.status = 'submitted')::int as submitted,
      count(distinct t.user_id) filter (where t.passed)::int as passed,
      round(avg(t.percent) filter (where t.status = 'submitted'))::int as avg
    from assignment a left join attempt t on t.assignment_id = a.id
    where a.deployment_id = ${deploymentId}
    group by a.id order by a.created_at`);
  return classes.map((c) => ({
    contextId: c.id, title: c.title, label: c.label, learners: c.learners,
    assignments: stats.filter((s) => s.context_id === c.id).map((s) => ({
      assignmentId: s.id, lessonId: s.lesson_id, title: s.title, started: s.started, submitted: s.submitted, passed: s.passed, averagePercent: s.avg,
    })),
  }));
}

/**
 * Attempts. Writes that must not race are single statements: an answer is recorded only if
 * the attempt is in progress and that item has no answer yet; submission flips the status once.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { attempts, type DbOrTx } from '../db';

export type Attempt = typeof attempts.$inferSelect;
export type NewAttempt = typeof attempts.$inferInsert;

/** Seconds between two interactions that still count as working on the lesson. */
const IDLE_CAP_SECONDS = 300;
const timeOnTaskIncrement = sql`least(${IDLE_CAP_SECONDS}, greatest(0, extract(epoch from (now() - ${attempts.lastActivityAt}))))::int`;

export function createAttemptRepository(db: DbOrTx) {
  return {
    async byId(id: string): Promise<Attempt | undefined> {
      const [row] = await db.select().from(attempts).where(eq(attempts.id, id));
      return row;
    },
    async forUser(assignmentId: string, userId: string): Promise<Attempt[]> {
      return db.select().from(attempts)
        .where(and(eq(attempts.assignmentId, assignmentId), eq(attempts.userId, userId)))
        .orderBy(asc(attempts.attemptNumber));
    },
    async latest(assignmentId: string, userId: string): Promise<Attempt | undefined> {
      const [row] = await db.select().from(attempts)
        .where(and(eq(attempts.assignmentId, assignmentId), eq(attempts.userId, userId)))
        .orderBy(desc(attempts.attemptNumber)).limit(1);
      return row;
    },
    /** Inserts attempt number n+1; the unique index turns a double click into one attempt. */
    async create(values: Omit<NewAttempt, 'attemptNumber'>, tx: DbOrTx = db): Promise<Attempt | undefined> {
      const [row] = await tx.insert(attempts).values({
        ...values,
        attemptNumber: sql`(select coalesce(max(${attempts.attemptNumber}), 0) + 1 from ${attempts} where ${attempts.assignmentId} = ${values.assignmentId} and ${attempts.userId} = ${values.userId})`,
      }).onConflictDoNothing().returning();
      return row;
    },
    async recordAnswer(id: string, key: string, answer: string[]): Promise<Attempt | undefined> {
      const [row] = await db.update(attempts).set({
        answers: sql`${attempts.answers} || jsonb_build_object(${key}::text, ${JSON.stringify(answer)}::jsonb)`,
        timeOnTaskSeconds: sql`${attempts.timeOnTaskSeconds} + ${timeOnTaskIncrement}`,
        lastActivityAt: sql`now()`,
      }).where(and(eq(attempts.id, id), eq(attempts.status, 'in_progress'), sql`not jsonb_exists(${attempts.answers}, ${key}::text)`))
        .returning();
      return row;
    },
    async recordPosition(id: string, stepId: string): Promise<boolean> {
      const rows = await db.update(attempts).set({
        position: stepId,
        timeOnTaskSeconds: sql`${attempts.timeOnTaskSeconds} + ${timeOnTaskIncrement}`,
        lastActivityAt: sql`now()`,
      }).where(and(eq(attempts.id, id), eq(attempts.status, 'in_progress'))).returning({ id: attempts.id });
      return rows.length > 0;
    },
    async markSubmitted(tx: DbOrTx, id: string, result: { points: number; maxPoints: number; percent: number; passed: boolean; result: unknown }): Promise<Attempt | undefined> {
      const [row] = await tx.update(attempts).set({
        status: 'submitted',
        ...result,
        submittedAt: sql`now()`,
        timeOnTaskSeconds: sql`${attempts.timeOnTaskSeconds} + ${timeOnTaskIncrement}`,
        lastActivityAt: sql`now()`,
      }).where(and(eq(attempts.id, id), eq(attempts.status, 'in_progress'))).returning();
      return row;
    },
  };
}
export type AttemptRepository = ReturnType<typeof createAttemptRepository>;

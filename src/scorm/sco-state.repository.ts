/**
 * scorm_sco_state: the CMI of one SCO in one attempt, replaced by each commit. Writing the same
 * CMI twice leaves the row untouched (updated_at included), so commits are idempotent.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { scormScoStates } from '../db/schema-scorm';

export function createScoStateRepository(db: DbOrTx) {
  return {
    /** Stores the CMI; returns true when it changed what was stored. */
    async save(attemptId: string, scoId: string, cmi: Record<string, unknown>): Promise<boolean> {
      const rows = await db.insert(scormScoStates).values({ attemptId, scoId, cmi })
        .onConflictDoUpdate({
          target: [scormScoStates.attemptId, scormScoStates.scoId],
          set: { cmi: sql`excluded.cmi`, updatedAt: sql`now()` },
          setWhere: sql`${scormScoStates.cmi} is distinct from excluded.cmi`,
        }).returning({ scoId: scormScoStates.scoId });
      return rows.length > 0;
    },
    async forAttempt(attemptId: string): Promise<Map<string, Record<string, unknown>>> {
      const rows = await db.select().from(scormScoStates).where(eq(scormScoStates.attemptId, attemptId));
      return new Map(rows.map((r) => [r.scoId, r.cmi]));
    },
  };
}
export type ScoStateRepository = ReturnType<typeof createScoStateRepository>;

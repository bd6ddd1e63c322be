/** Assignments: one per LMS resource link, pinned to a lesson id and version. */
import { and, eq, sql } from 'drizzle-orm';
import { assignments, type AssignmentSettings, type DbOrTx } from '../db';

export type Assignment = typeof assignments.$inferSelect;

export interface AssignmentLink {
  deploymentId: string; contextId: string; resourceLinkId: string; title: string | null;
  lessonId: string; lessonVersion: number; lineItemUrl: string | null; lineItemsUrl: string | null; agsScopes: string[];
}

export function createAssignmentRepository(db: DbOrTx) {
  return {
    /**
     * Creates the assignment on first launch of a resource link. Later launches refresh the
     * AGS endpoints (an LMS may move them) but never the lesson version: attempts keep theirs.
     */
    async ensure(link: AssignmentLink, tx: DbOrTx = db): Promise<Assignment> {
      const [row] = await tx.insert(assignments).values(link)
        .onConflictDoUpdate({
          target: [assignments.contextId, assignments.resourceLinkId],
          set: {
            title: sql`coalesce(excluded.title, ${assignments.title})`,
            lineItemUrl: sql`coalesce(excluded.line_item_url, ${assignments.lineItemUrl})`,
            lineItemsUrl: sql`coalesce(excluded.line_items_url, ${assignments.lineItemsUrl})`,
            agsScopes: link.agsScopes,
            updatedAt: sql`now()`,
          },
        })
        .returning();
      return row!;
    },
    async byId(id: string): Promise<Assignment | undefined> {
      const [row] = await db.select().from(assignments).where(eq(assignments.id, id));
      return row;
    },
    async byLink(contextId: string, resourceLinkId: string): Promise<Assignment | undefined> {
      const [row] = await db.select().from(assignments)
        .where(and(eq(assignments.contextId, contextId), eq(assignments.resourceLinkId, resourceLinkId)));
      return row;
    },
    async updateSettings(id: string, settings: AssignmentSettings): Promise<void> {
      await db.update(assignments).set({ settings, updatedAt: sql`now()` }).where(eq(assignments.id, id));
    },
  };
}
export type AssignmentRepository = ReturnType<typeof createAssignmentRepository>;

/**
 * Grade-sync health for operators (issue 7): outbox counts per deployment, the latest failures
 * with the LMS's reason, and "retry failed" for one deployment. Reads grade_sync directly: these
 * are operator aggregates over the outbox the grades module owns, not part of its delivery logic.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { deployments, gradeSyncs, platforms, type Db } from '../db';

export interface DeploymentHealth {
  deploymentId: string; platformName: string; ltiDeploymentId: string; deploymentName: string | null;
  pending: number; failed: number; done: number;
}
export interface SyncFailure { id: string; deploymentId: string; tries: number; lastError: string | null; updatedAt: Date }

export interface GradeSyncHealth {
  byDeployment(): Promise<DeploymentHealth[]>;
  latestFailures(limit: number): Promise<SyncFailure[]>;
  /** Failed rows of that deployment back to pending, due now, tries reset; returns how many. */
  retryFailed(deploymentId: string): Promise<number>;
}

export function createGradeHealthRepository(db: Db): GradeSyncHealth {
  const count = (status: string) => sql<number>`(count(${gradeSyncs.id}) filter (where ${gradeSyncs.status} = ${status}))::int`;
  return {
    async byDeployment() {
      // Every deployment, also those with no outbox rows yet (all zeros).
      return db.select({
        deploymentId: deployments.id, platformName: platforms.name, ltiDeploymentId: deployments.deploymentId, deploymentName: deployments.name,
        pending: count('pending'), failed: count('failed'), done: count('done'),
      }).from(deployments)
        .innerJoin(platforms, eq(platforms.id, deployments.platformId))
        .leftJoin(gradeSyncs, eq(gradeSyncs.deploymentId, deployments.id))
        .groupBy(deployments.id, platforms.name, platforms.createdAt, deployments.deploymentId, deployments.name, deployments.createdAt)
        .orderBy(platforms.createdAt, deployments.createdAt);
    },
    async latestFailures(limit) {
      return db.select({ id: gradeSyncs.id, deploymentId: gradeSyncs.deploymentId, tries: gradeSyncs.tries, lastError: gradeSyncs.lastError, updatedAt: gradeSyncs.updatedAt })
        .from(gradeSyncs).where(eq(gradeSyncs.status, 'failed')).orderBy(desc(gradeSyncs.updatedAt)).limit(limit);
    },
    async retryFailed(deploymentId) {
      const rows = await db.update(gradeSyncs)
        .set({ status: 'pending', nextTryAt: sql`now()`, tries: 0, lockedUntil: null, updatedAt: sql`now()` })
        .where(and(eq(gradeSyncs.deploymentId, deploymentId), eq(gradeSyncs.status, 'failed')))
        .returning({ id: gradeSyncs.id });
      return rows.length;
    },
  };
}

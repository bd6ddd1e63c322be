/**
 * scorm_package rows. A package id names every version of one package (the same package key);
 * versions are numbered per package, and a new one is reserved under a transaction-scoped
 * advisory lock on the key, so two imports of the same key cannot take the same number.
 */
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { scormPackages } from '../db/schema-scorm';
import type { ScormManifest } from './manifest.types';

type Row = typeof scormPackages.$inferSelect;
export type ScormPackage = Omit<Row, 'manifest'> & { manifest: ScormManifest };
export type NewScormPackage = Omit<typeof scormPackages.$inferInsert, 'manifest' | 'createdAt'> & { manifest: ScormManifest };

const asPackage = (r: Row): ScormPackage => ({ ...r, manifest: r.manifest as unknown as ScormManifest });

export function createScormPackageRepository(db: Db) {
  return {
    /** The id and next version number for a package key (locks the key until the transaction ends). */
    async reserveVersion(tx: DbOrTx, packageKey: string): Promise<{ id: string | undefined; version: number }> {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`scorm:${packageKey}`}))`);
      const [last] = await tx.select({ id: scormPackages.id, version: scormPackages.version }).from(scormPackages)
        .where(eq(scormPackages.packageKey, packageKey)).orderBy(desc(scormPackages.version)).limit(1);
      return { id: last?.id, version: (last?.version ?? 0) + 1 };
    },
    async insert(tx: DbOrTx, row: NewScormPackage): Promise<ScormPackage> {
      const [created] = await tx.insert(scormPackages).values({ ...row, manifest: row.manifest as unknown as Record<string, unknown> }).returning();
      return asPackage(created!);
    },
    /** One version, or the latest when version is omitted. */
    async get(id: string, version?: number): Promise<ScormPackage | undefined> {
      const [row] = await db.select().from(scormPackages)
        .where(version === undefined ? eq(scormPackages.id, id) : and(eq(scormPackages.id, id), eq(scormPackages.version, version)))
        .orderBy(desc(scormPackages.version)).limit(1);
      return row && asPackage(row);
    },
    /**
     * The latest version of each package; with a deployment id, only those shared with every
     * school (deployment_id null) or owned by that school.
     */
    async listLatest(deploymentId?: string): Promise<ScormPackage[]> {
      const rows = await db.selectDistinctOn([scormPackages.id]).from(scormPackages)
        .where(deploymentId ? or(isNull(scormPackages.deploymentId), eq(scormPackages.deploymentId, deploymentId)) : undefined)
        .orderBy(scormPackages.id, desc(scormPackages.version));
      return rows.map(asPackage).sort((a, b) => a.title.localeCompare(b.title));
    },
  };
}
export type ScormPackageRepository = ReturnType<typeof createScormPackageRepository>;

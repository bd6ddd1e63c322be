/** Registered LMS platforms and their deployments (one deployment = one school or district). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { deployments, platformOrigins, platforms, type Db } from '../db';

export type Platform = typeof platforms.$inferSelect;
export type Deployment = typeof deployments.$inferSelect;
export interface PlatformInput {
  issuer: string; clientId: string; name: string; authUrl: string; tokenUrl: string; keysetUrl: string;
}

export function createPlatformRepository(db: Db) {
  return {
    async upsert(input: PlatformInput): Promise<Platform> {
      const [row] = await db.insert(platforms).values(input)
        .onConflictDoUpdate({
          target: [platforms.issuer, platforms.clientId],
          set: { name: input.name, authUrl: input.authUrl, tokenUrl: input.tokenUrl, keysetUrl: input.keysetUrl },
        })
        .returning();
      return row!;
    },
    async addDeployment(platformId: string, deploymentId: string, name?: string): Promise<Deployment> {
      const [row] = await db.insert(deployments).values({ platformId, deploymentId, name })
        .onConflictDoUpdate({ target: [deployments.platformId, deployments.deploymentId], set: { name: sql`coalesce(excluded.name, ${deployments.name})` } })
        .returning();
      return row!;
    },
    /** Finds by issuer and client id; with no client id, only when the issuer is unambiguous. */
    async find(issuer: string, clientId?: string): Promise<Platform | undefined> {
      const rows = await db.select().from(platforms)
        .where(clientId ? and(eq(platforms.issuer, issuer), eq(platforms.clientId, clientId)) : eq(platforms.issuer, issuer))
        .limit(2);
      return rows.length === 1 ? rows[0] : undefined;
    },
    async byId(id: string): Promise<Platform | undefined> {
      const [row] = await db.select().from(platforms).where(eq(platforms.id, id));
      return row;
    },
    async deploymentById(id: string): Promise<Deployment | undefined> {
      const [row] = await db.select().from(deployments).where(eq(deployments.id, id));
      return row;
    },
    async findDeployment(platformId: string, deploymentId: string): Promise<Deployment | undefined> {
      const [row] = await db.select().from(deployments)
        .where(and(eq(deployments.platformId, platformId), eq(deployments.deploymentId, deploymentId)));
      return row;
    },
    async list(): Promise<Array<Platform & { deployments: Deployment[] }>> {
      const rows = await db.select().from(platforms).orderBy(asc(platforms.createdAt));
      const deps = await db.select().from(deployments).orderBy(asc(deployments.createdAt));
      return rows.map((p) => ({ ...p, deployments: deps.filter((d) => d.platformId === p.id) }));
    },
    /** Every web origin an LMS may frame the tool from: its registration URLs plus learned ones. */
    async frameOrigins(): Promise<string[]> {
      const set = new Set<string>();
      for (const p of await db.select().from(platforms)) {
        for (const u of [p.issuer, p.authUrl]) {
          try { set.add(new URL(u).origin); } catch { /* not a URL */ }
        }
      }
      for (const o of await db.select({ origin: platformOrigins.origin }).from(platformOrigins)) set.add(o.origin);
      return [...set];
    },
    async addOrigin(platformId: string, origin: string, source: 'launch' | 'operator' = 'operator'): Promise<void> {
      await db.insert(platformOrigins).values({ platformId, origin: new URL(origin).origin, source }).onConflictDoNothing();
    },
    /** Removes a platform and, by cascade, everything its schools stored. */
    async remove(issuer: string, clientId: string): Promise<boolean> {
      const rows = await db.delete(platforms)
        .where(and(eq(platforms.issuer, issuer), eq(platforms.clientId, clientId))).returning({ id: platforms.id });
      return rows.length > 0;
    },
  };
}
export type PlatformRepository = ReturnType<typeof createPlatformRepository>;

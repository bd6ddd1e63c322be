/**
 * The class list from the LMS (NRPS 2.0), for teacher views: who is in the class even if they
 * never opened the activity. Children's data: the answer is kept in memory only, per context,
 * for a few minutes, and never written to the database. A slow or failing LMS must not take the
 * teacher's page down, so the call is capped and a failure is remembered briefly (the page then
 * works from launches alone and says so).
 */
import { eq } from 'drizzle-orm';
import { contexts, type Db } from '../db';
import { ROLES, type PlatformRepository, type ServicesClient } from '../lti';
import type { ClassMember } from '../reports';

export type ClassRoster =
  | { state: 'ok'; members: ClassMember[] }
  | { state: 'none' } // the platform offers no NRPS for this context
  | { state: 'failed' }; // NRPS failed or timed out

export interface ClassRosterDeps {
  db: Db;
  platforms: Pick<PlatformRepository, 'deploymentById' | 'byId'>;
  services: Pick<ServicesClient, 'members'>;
  ttlMs?: number;
  failureTtlMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

const LEARNER = new Set<string>(ROLES.learner);

function learnersOf(members: Awaited<ReturnType<ServicesClient['members']>>): ClassMember[] {
  return members
    .filter((m) => m.status === 'Active' && m.roles.some((r) => LEARNER.has(r)))
    .map((m) => ({ sub: m.user_id, name: m.name ?? ([m.given_name, m.family_name].filter(Boolean).join(' ') || null) }));
}

export function createClassRoster(deps: ClassRosterDeps) {
  const ttl = deps.ttlMs ?? 5 * 60_000;
  const failureTtl = deps.failureTtlMs ?? 30_000;
  const timeout = deps.timeoutMs ?? 5_000;
  const now = deps.now ?? Date.now;
  // The promise is cached, so teachers opening the page at the same time share one LMS call.
  const cache = new Map<string, { at: number; value: Promise<ClassRoster> }>();

  async function fetchRoster(contextId: string): Promise<ClassRoster> {
    const [ctx] = await deps.db.select({ deploymentId: contexts.deploymentId, url: contexts.membershipsUrl }).from(contexts).where(eq(contexts.id, contextId));
    if (!ctx?.url) return { state: 'none' };
    const deployment = await deps.platforms.deploymentById(ctx.deploymentId);
    const platform = deployment ? await deps.platforms.byId(deployment.platformId) : undefined;
    if (!platform) return { state: 'none' };
    let timer: NodeJS.Timeout | undefined;
    try {
      const members = await Promise.race([
        deps.services.members(platform, ctx.url),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('NRPS timed out')), timeout); }),
      ]);
      return { state: 'ok', members: learnersOf(members) };
    } catch {
      return { state: 'failed' };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async forContext(contextId: string): Promise<ClassRoster> {
      const hit = cache.get(contextId);
      if (hit) {
        const value = await hit.value;
        if (now() - hit.at < (value.state === 'failed' ? failureTtl : ttl)) return value;
      }
      const entry = { at: now(), value: fetchRoster(contextId).catch((): ClassRoster => ({ state: 'failed' })) };
      cache.set(contextId, entry);
      // Bound memory in a long-running process: drop stale entries once the map grows.
      if (cache.size > 1000) for (const [k, v] of cache) if (now() - v.at > ttl) cache.delete(k);
      return entry.value;
    },
    /** Drops a context's cached list (e.g. the teacher asks for a fresh one). */
    forget(contextId: string) { cache.delete(contextId); },
  };
}
export type ClassRosterSource = ReturnType<typeof createClassRoster>;

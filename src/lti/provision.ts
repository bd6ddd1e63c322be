/**
 * Turns a validated launch into rows: the context (class), the user (platform + sub; a display
 * name only if the LMS sent one, never an email) and the membership with the launch's roles.
 * Runs in the caller's transaction so a launch that fails later leaves nothing behind.
 */
import { sql } from 'drizzle-orm';
import { contexts, memberships, platformOrigins, users, type DbOrTx } from '../db';
import { AGS_ENDPOINT, DL_SETTINGS, LTI, NRPS_CLAIM, type LaunchClaims } from './launch.schemas';
import type { ValidatedLaunch } from './launch';

export interface Provisioned { userId: string; contextId: string; newOrigins: string[] }

function displayName(c: LaunchClaims): string | null {
  const joined = [c.given_name, c.family_name].filter(Boolean).join(' ');
  return c.name ?? (joined || null);
}

/** The LMS's own web origins, as named in signed claims (the page framing us lives there). */
export function launchOrigins(c: LaunchClaims): string[] {
  const urls = [
    c[`${LTI}launch_presentation`]?.return_url,
    (c as Record<string, unknown>)[DL_SETTINGS] ? (c as Record<string, { deep_link_return_url?: string }>)[DL_SETTINGS]!.deep_link_return_url : undefined,
    c[AGS_ENDPOINT]?.lineitems, c[AGS_ENDPOINT]?.lineitem, c[NRPS_CLAIM]?.context_memberships_url,
  ];
  const out = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    try {
      const url = new URL(u);
      if (url.protocol === 'https:' || url.protocol === 'http:') out.add(url.origin);
    } catch { /* not a URL */ }
  }
  return [...out];
}

export async function provisionLaunch(tx: DbOrTx, launch: ValidatedLaunch): Promise<Provisioned> {
  const c = launch.claims;
  const ctx = c[`${LTI}context`];
  // A launch without a context (e.g. from a site-level admin link) gets a per-deployment one.
  const ltiContextId = ctx?.id ?? `deployment:${launch.deployment.deploymentId}`;
  const nrpsUrl = c[NRPS_CLAIM]?.context_memberships_url ?? null;
  const [context] = await tx.insert(contexts)
    .values({ deploymentId: launch.deployment.id, ltiContextId, title: ctx?.title ?? null, label: ctx?.label ?? null, membershipsUrl: nrpsUrl })
    .onConflictDoUpdate({
      target: [contexts.deploymentId, contexts.ltiContextId],
      set: {
        title: sql`coalesce(excluded.title, ${contexts.title})`,
        label: sql`coalesce(excluded.label, ${contexts.label})`,
        membershipsUrl: sql`coalesce(excluded.memberships_url, ${contexts.membershipsUrl})`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: contexts.id });
  const name = displayName(c);
  const [user] = await tx.insert(users)
    .values({ platformId: launch.platform.id, sub: c.sub, name })
    .onConflictDoUpdate({
      target: [users.platformId, users.sub],
      set: { name, updatedAt: sql`now()` }, // the LMS is the source of truth: a name it stops sending is forgotten
    })
    .returning({ id: users.id });
  await tx.insert(memberships)
    .values({ deploymentId: launch.deployment.id, contextId: context!.id, userId: user!.id, roles: c[`${LTI}roles`] })
    .onConflictDoUpdate({
      target: [memberships.contextId, memberships.userId],
      set: { roles: c[`${LTI}roles`], lastLaunchAt: sql`now()` },
    });
  const origins = launchOrigins(c);
  const learned = origins.length
    ? await tx.insert(platformOrigins).values(origins.map((origin) => ({ platformId: launch.platform.id, origin, source: 'launch' as const })))
      .onConflictDoNothing().returning({ origin: platformOrigins.origin })
    : [];
  return { userId: user!.id, contextId: context!.id, newOrigins: learned.map((l) => l.origin) };
}

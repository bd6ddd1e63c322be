/**
 * Login rate limit, in the database so it holds across restarts and instances: failures are
 * counted per client IP and per account (the lower-cased email, hashed, so unknown emails are
 * limited too and no email or IP is stored in clear). Past the limit within the window the
 * login is refused with 429 and Retry-After until the oldest counted failure ages out.
 * The per-IP limit is higher than the per-account one because a school's staff often share one
 * NAT address.
 */
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { adminLoginFailures } from '../db/schema-admin';
import { sha256 } from './session.repository';

export interface LimiterOptions { windowSeconds: number; maxPerAccount: number; maxPerIp: number }
export const DEFAULT_LIMITS: LimiterOptions = { windowSeconds: 15 * 60, maxPerAccount: 5, maxPerIp: 20 };

export function createLoginLimiter(db: Db, opts: LimiterOptions = DEFAULT_LIMITS) {
  const keys = (ip: string, email: string) => ({ ip: `ip:${sha256(ip)}`, account: `acct:${sha256(email.trim().toLowerCase())}` });
  const since = sql`now() - make_interval(secs => ${opts.windowSeconds})`;

  async function retryAfterFor(key: string, max: number): Promise<number> {
    // The failures inside the window, oldest first; blocked while there are max or more.
    const rows = await db.select({ age: sql<number>`extract(epoch from now() - ${adminLoginFailures.at})::float8` })
      .from(adminLoginFailures).where(and(eq(adminLoginFailures.key, key), gt(adminLoginFailures.at, since)))
      .orderBy(asc(adminLoginFailures.at));
    if (rows.length < max) return 0;
    // Unblocked once all but max-1 of them have aged out.
    const pivot = rows[rows.length - max]!;
    return Math.max(1, Math.ceil(opts.windowSeconds - Number(pivot.age)));
  }

  return {
    /** Seconds to wait before trying again, or 0 when a login may be attempted. */
    async retryAfter(ip: string, email: string): Promise<number> {
      const k = keys(ip, email);
      return Math.max(await retryAfterFor(k.ip, opts.maxPerIp), await retryAfterFor(k.account, opts.maxPerAccount));
    },
    async recordFailure(ip: string, email: string): Promise<void> {
      const k = keys(ip, email);
      await db.insert(adminLoginFailures).values([{ key: k.ip }, { key: k.account }]);
      await db.delete(adminLoginFailures).where(lt(adminLoginFailures.at, since));
    },
    /** A successful login forgives the account's failures (not the IP's). */
    async clearAccount(email: string): Promise<void> {
      await db.delete(adminLoginFailures).where(inArray(adminLoginFailures.key, [keys('', email).account]));
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

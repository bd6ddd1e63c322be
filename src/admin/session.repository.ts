/**
 * Admin console sessions, server-side. The cookie holds 32 random bytes; the table holds only
 * their SHA-256, so a copy of the database cannot be replayed as a session. Expiry is checked
 * against the database clock (idle 30 min since last use, absolute 8 h since login, OWASP
 * Session Management Cheat Sheet), so every instance agrees on it.
 */
import crypto from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { adminAccounts, adminSessions } from '../db/schema-admin';

export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 8;

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export interface LiveSession { idHash: string; accountId: string; email: string; csrfToken: string }

export function createSessionRepository(db: Db) {
  return {
    /** Creates a session for the account; returns the raw id for the cookie (shown once, never stored). */
    async create(accountId: string): Promise<{ id: string; csrfToken: string }> {
      const id = crypto.randomBytes(32).toString('base64url');
      const csrfToken = crypto.randomBytes(32).toString('base64url');
      await db.insert(adminSessions).values({ idHash: sha256(id), accountId, csrfToken });
      return { id, csrfToken };
    },
    /**
     * The live session for a cookie value, or undefined (unknown, expired, or its account
     * disabled). Touches last_seen_at so the idle timer restarts.
     */
    async find(id: string): Promise<LiveSession | undefined> {
      const idHash = sha256(id);
      const [row] = await db.select({
        idHash: adminSessions.idHash, accountId: adminSessions.accountId, csrfToken: adminSessions.csrfToken, email: adminAccounts.email,
      }).from(adminSessions).innerJoin(adminAccounts, eq(adminAccounts.id, adminSessions.accountId))
        .where(and(
          eq(adminSessions.idHash, idHash),
          isNull(adminAccounts.disabledAt),
          sql`${adminSessions.lastSeenAt} > now() - make_interval(mins => ${IDLE_MINUTES})`,
          sql`${adminSessions.createdAt} > now() - make_interval(hours => ${ABSOLUTE_HOURS})`,
        ));
      if (!row) {
        await db.delete(adminSessions).where(eq(adminSessions.idHash, idHash));
        return undefined;
      }
      await db.update(adminSessions).set({ lastSeenAt: sql`now()` }).where(eq(adminSessions.idHash, idHash));
      return row;
    },
    async delete(id: string): Promise<void> {
      await db.delete(adminSessions).where(eq(adminSessions.idHash, sha256(id)));
    },
    /** Housekeeping: drops sessions past either limit (called on login). */
    async purgeExpired(): Promise<void> {
      await db.delete(adminSessions).where(or(
        lt(adminSessions.lastSeenAt, sql`now() - make_interval(mins => ${IDLE_MINUTES})`),
        lt(adminSessions.createdAt, sql`now() - make_interval(hours => ${ABSOLUTE_HOURS})`),
      ));
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;

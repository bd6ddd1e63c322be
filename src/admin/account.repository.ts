/** Operator accounts of the admin console. Emails are stored lower-cased and never logged. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { adminAccounts, adminSessions } from '../db/schema-admin';

export type AdminAccount = typeof adminAccounts.$inferSelect;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createAccountRepository(db: Db) {
  return {
    /** Returns undefined when the email is taken (unique constraint). */
    async create(email: string, passwordHash: string): Promise<AdminAccount | undefined> {
      const [row] = await db.insert(adminAccounts).values({ email: normalizeEmail(email), passwordHash })
        .onConflictDoNothing().returning();
      return row;
    },
    async byEmail(email: string): Promise<AdminAccount | undefined> {
      const [row] = await db.select().from(adminAccounts).where(eq(adminAccounts.email, normalizeEmail(email)));
      return row;
    },
    async byId(id: string): Promise<AdminAccount | undefined> {
      const [row] = await db.select().from(adminAccounts).where(eq(adminAccounts.id, id));
      return row;
    },
    async list(): Promise<AdminAccount[]> {
      return db.select().from(adminAccounts).orderBy(asc(adminAccounts.createdAt), asc(adminAccounts.email));
    },
    /** Disables the account and ends every session it has, in one transaction. */
    async disable(id: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const rows = await tx.update(adminAccounts).set({ disabledAt: sql`coalesce(${adminAccounts.disabledAt}, now())`, updatedAt: sql`now()` })
          .where(eq(adminAccounts.id, id)).returning({ id: adminAccounts.id });
        await tx.delete(adminSessions).where(eq(adminSessions.accountId, id));
        return rows.length > 0;
      });
    },
    /** New password: also ends every session (someone may have used the old one). */
    async setPassword(id: string, passwordHash: string, opts: { keepSessions?: boolean } = {}): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.update(adminAccounts).set({ passwordHash, updatedAt: sql`now()` }).where(eq(adminAccounts.id, id));
        if (!opts.keepSessions) await tx.delete(adminSessions).where(eq(adminSessions.accountId, id));
      });
    },
    async markLogin(id: string): Promise<void> {
      await db.update(adminAccounts).set({ lastLoginAt: sql`now()` }).where(eq(adminAccounts.id, id));
    },
  };
}
export type AccountRepository = ReturnType<typeof createAccountRepository>;

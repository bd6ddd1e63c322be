/**
 * OIDC login state store (LTI 1.3 Core §5.1.1.1, OIDC Core §3.1.2.1): state and nonce are
 * generated together, stored bound to each other, and consumed exactly once. Consumption is
 * a single DELETE … RETURNING, so two launches racing on the same state cannot both win.
 */
import crypto from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { loginStates, type Db } from '../db';

export interface ConsumedState { nonce: string; platformId: string; expired: boolean }

export function createLoginStateRepository(db: Db, ttlSeconds = 600) {
  return {
    async create(platformId: string): Promise<{ state: string; nonce: string }> {
      const state = crypto.randomBytes(24).toString('base64url');
      const nonce = crypto.randomBytes(24).toString('base64url');
      await db.insert(loginStates).values({ state, nonce, platformId, expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
      return { state, nonce };
    },
    async consume(state: string): Promise<ConsumedState | undefined> {
      const [row] = await db.delete(loginStates).where(eq(loginStates.state, state)).returning();
      if (!row) return undefined;
      return { nonce: row.nonce, platformId: row.platformId, expired: row.expiresAt.getTime() < Date.now() };
    },
    async purgeExpired(): Promise<number> {
      const rows = await db.delete(loginStates).where(lt(loginStates.expiresAt, new Date())).returning({ s: loginStates.state });
      return rows.length;
    },
  };
}
export type LoginStateRepository = ReturnType<typeof createLoginStateRepository>;

/**
 * The login use case, free of HTTP. Every failure looks the same to the caller ("wrong email or
 * password") and costs one scrypt, whether the account is unknown, disabled or the password
 * wrong, so neither the answer nor its timing tells which emails have accounts.
 */
import type { Logger } from '../logger';
import type { AccountRepository } from './account.repository';
import type { LoginLimiter } from './login-limiter';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password-hash';
import type { SessionRepository } from './session.repository';

export type LoginResult =
  | { ok: true; session: { id: string; csrfToken: string }; accountId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfter: number };

export function createAdminAuth(deps: { accounts: AccountRepository; sessions: SessionRepository; limiter: LoginLimiter; logger: Logger }) {
  return {
    async login(input: { email: string; password: string; ip: string; previousSessionId?: string }): Promise<LoginResult> {
      const wait = await deps.limiter.retryAfter(input.ip, input.email);
      if (wait > 0) {
        deps.logger.warn({ event: 'admin.login.rate_limited', retryAfter: wait }, 'admin login refused: rate limit');
        return { ok: false, reason: 'rate_limited', retryAfter: wait };
      }
      const account = await deps.accounts.byEmail(input.email);
      const matches = await verifyPassword(input.password, account?.passwordHash ?? await dummyHash());
      if (!account || !matches || account.disabledAt) {
        await deps.limiter.recordFailure(input.ip, input.email);
        // Account id only when it exists; never the email (it is personal data).
        deps.logger.warn({ event: 'admin.login.failed', account: account?.id ?? null, disabled: !!account?.disabledAt }, 'admin login failed');
        return { ok: false, reason: 'invalid' };
      }
      await deps.limiter.clearAccount(input.email);
      if (needsRehash(account.passwordHash)) await deps.accounts.setPassword(account.id, await hashPassword(input.password), { keepSessions: true });
      // Rotation: the pre-login session (if any) dies; a fresh id is issued (session fixation).
      if (input.previousSessionId) await deps.sessions.delete(input.previousSessionId);
      await deps.sessions.purgeExpired();
      const session = await deps.sessions.create(account.id);
      await deps.accounts.markLogin(account.id);
      deps.logger.info({ event: 'admin.login', account: account.id }, 'admin signed in');
      return { ok: true, session, accountId: account.id };
    },
    async logout(sessionId: string, accountId: string): Promise<void> {
      await deps.sessions.delete(sessionId);
      deps.logger.info({ event: 'admin.logout', account: accountId }, 'admin signed out');
    },
  };
}
export type AdminAuth = ReturnType<typeof createAdminAuth>;

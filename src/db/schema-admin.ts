/**
 * The tool operator's admin console (issue 5 "Who gets in"): local accounts, their server-side
 * sessions and the login failures the rate limiter counts. Nothing here belongs to a school, so
 * no deployment_id. Session ids and rate-limit keys are stored as SHA-256 hashes: a leaked
 * table holds no usable session and no IP address or email in clear.
 */
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const adminAccounts = pgTable('admin_account', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Lower-cased; the login name. Never logged (logs use the id). */
  email: text('email').notNull().unique('admin_account_email'),
  /** PHC-style scrypt string with its own parameters: $scrypt$ln=15,r=8,p=1$salt$hash. */
  passwordHash: text('password_hash').notNull(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const adminSessions = pgTable('admin_session', {
  /** SHA-256 (hex) of the random session id in the cookie. */
  idHash: text('id_hash').primaryKey(),
  accountId: uuid('account_id').notNull().references(() => adminAccounts.id, { onDelete: 'cascade' }),
  /** Synchronizer CSRF token for this session's forms. */
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('admin_session_account').on(t.accountId)]);

/** One row per failed login; key = "ip:<sha256>" or "acct:<sha256 of the lower-cased email>". */
export const adminLoginFailures = pgTable('admin_login_failure', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('admin_login_failure_key_at').on(t.key, t.at)]);

/**
 * Operator account commands (wired into src/cli.ts as `npm run cli -- admin …`):
 *   admin create --email EMAIL [--password-stdin]
 *   admin list [--json]
 *   admin disable --email EMAIL
 *   admin reset-password --email EMAIL [--password-stdin]
 * The password is typed at a hidden prompt (twice) or piped with --password-stdin; it is never
 * taken from the command line, where it would stay in shell history and show in `ps`.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config';
import { migrateDatabase, openDatabase, type Db } from '../db';
import { createAccountRepository, normalizeEmail } from './account.repository';
import { hashPassword } from './password-hash';
import { MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from './password-policy';
import { readHidden, readStdin } from './password-input';

export const ADMIN_USAGE = `  admin create --email EMAIL [--password-stdin]
  admin list [--json]
  admin disable --email EMAIL
  admin reset-password --email EMAIL [--password-stdin]`;

export interface AdminCliIo {
  /** Use this database instead of opening the configured one (tests). */
  db?: Db;
  /** Reads the password: defaults to stdin (--password-stdin) or a hidden terminal prompt. */
  readPassword?: (mode: 'stdin' | 'prompt', prompt: string) => Promise<string>;
  err?: (line: string) => void;
}

const Email = z.email().max(320);
const PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well).`,
  too_long: 'The password is too long.',
  too_common: 'The password is one of the most common passwords; choose another.',
  same_as_email: 'The password must not be the email address.',
};

async function defaultReadPassword(mode: 'stdin' | 'prompt', prompt: string): Promise<string> {
  return mode === 'stdin' ? readStdin(process.stdin) : readHidden(prompt, process.stdin, process.stderr);
}

/** Runs an admin command; returns the exit code (64 for a usage error, as sysexits.h). */
export async function runAdminCli(argv: string[], out: (line: string) => void, io: AdminCliIo = {}): Promise<number> {
  const err = io.err ?? ((line: string) => console.error(line));
  const args = argv[0] === 'admin' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: {
      email: { type: 'string' }, 'password-stdin': { type: 'boolean' }, json: { type: 'boolean' }, password: { type: 'string' },
    } });
  } catch (e) {
    err(`${(e as Error).message}\n\nUsage: npm run cli -- <command>\n${ADMIN_USAGE}`);
    return 64;
  }
  const [action] = parsed.positionals;
  const v = parsed.values;
  if (v.password !== undefined) {
    err('--password is not accepted: a password on the command line stays in shell history and is visible to other users in `ps`. Use the prompt, or pipe it with --password-stdin.');
    return 64;
  }
  const needsEmail = action === 'create' || action === 'disable' || action === 'reset-password';
  if (!['create', 'list', 'disable', 'reset-password'].includes(action ?? '')) {
    err(`${action ? `unknown command: admin ${action}` : 'no admin command given'}\n\nUsage: npm run cli -- <command>\n${ADMIN_USAGE}`);
    return 64;
  }
  if (needsEmail && !Email.safeParse(v.email?.trim()).success) {
    err(`admin ${action} needs --email with a valid email address`);
    return 64;
  }
  const email = normalizeEmail(v.email ?? '');
  const readPassword = io.readPassword ?? defaultReadPassword;

  async function newPassword(): Promise<string | undefined> {
    const mode = v['password-stdin'] ? 'stdin' : 'prompt';
    if (mode === 'prompt' && !io.readPassword && !process.stdin.isTTY) {
      err('No terminal to type the password in: pipe it with --password-stdin.');
      return undefined;
    }
    const password = await readPassword(mode, 'New password: ');
    const problem = passwordProblem(password, email);
    if (problem) { err(PROBLEM_TEXT[problem]); return undefined; }
    if (mode === 'prompt' && (await readPassword(mode, 'Repeat the password: ')) !== password) {
      err('The two passwords differ.');
      return undefined;
    }
    return password;
  }

  return withDb(io.db, async (db) => {
    const accounts = createAccountRepository(db);
    if (action === 'list') {
      const list = await accounts.list();
      const rows = list.map((a) => ({ id: a.id, email: a.email, status: a.disabledAt ? 'disabled' : 'active', created: a.createdAt.toISOString(), lastLogin: a.lastLoginAt?.toISOString() ?? null }));
      if (v.json) out(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) out('No admin account exists. Create one with: npm run cli -- admin create --email EMAIL');
      else for (const r of rows) out(`${r.email}\t${r.status}\tcreated ${r.created.slice(0, 10)}\tlast login ${r.lastLogin?.slice(0, 10) ?? 'never'}`);
      return 0;
    }
    const existing = await accounts.byEmail(email);
    if (action === 'create') {
      if (existing) { err(`An admin account for ${email} already exists (use admin reset-password).`); return 1; }
      const password = await newPassword();
      if (!password) return 1;
      const created = await accounts.create(email, await hashPassword(password));
      if (!created) { err(`An admin account for ${email} already exists.`); return 1; }
      out(`Created admin account ${email}. Sign in at /admin/login.`);
      return 0;
    }
    if (!existing) { err(`No admin account for ${email}.`); return 1; }
    if (action === 'disable') {
      await accounts.disable(existing.id);
      out(`Disabled ${email}; its sessions have ended.`);
      return 0;
    }
    const password = await newPassword();
    if (!password) return 1;
    await accounts.setPassword(existing.id, await hashPassword(password));
    out(`New password set for ${email}; its sessions have ended.`);
    return 0;
  });
}

async function withDb<T>(given: Db | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  if (given) return fn(given);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    await migrateDatabase(database);
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

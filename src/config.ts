/**
 * The only reader of process.env. Turns the environment into one frozen, validated config
 * object and fails fast with a message naming the bad variable. Secrets may also be given
 * as NAME_FILE (a path whose contents are the value), as Docker and Kubernetes secrets are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  READ_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  MODULES_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  DEMO_LMS: z.enum(['on', 'off']).optional(),
  ENCRYPTION_KEY: z.string().regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)').optional(),
  GRADE_WORKER: z.enum(['on', 'off']).default('on'),
  SCORM_CONTENT_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  TRUST_PROXY: z.string().optional(),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | undefined;
  /** A read replica for report queries (school report); the main database when unset. */
  readonly readDatabaseUrl: string | undefined;
  readonly dataDir: string;
  /** Lesson packages folder; default: the modules/ folder shipped with the tool. */
  readonly modulesDir: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly demoLms: boolean;
  /** Key that encrypts the tool's private keys and secrets at rest; from the environment or DATA_DIR/secret.key. */
  readonly encryptionKey: string | undefined;
  readonly gradeWorker: boolean;
  /** Attempts untouched for this many days are deleted by the daily purge. */
  readonly retentionDays: number;
  /** A second host name serving SCORM package files, isolating them from the tool's pages. */
  readonly scormContentOrigin: string | undefined;
  readonly trustProxy: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

function resolveFileVariants(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(Env.shape)) {
    const fileVar = env[`${key}_FILE`];
    if (fileVar) {
      try {
        out[key] = fs.readFileSync(fileVar, 'utf8').trim();
      } catch {
        throw new ConfigError(`${key}_FILE`, `points to a file that cannot be read: ${fileVar}`);
      }
    } else if (env[key] !== undefined && env[key] !== '') {
      out[key] = env[key];
    }
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(resolveFileVariants(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    readDatabaseUrl: e.READ_DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    modulesDir: e.MODULES_DIR ? path.resolve(e.MODULES_DIR) : undefined,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    demoLms: (e.DEMO_LMS ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
    encryptionKey: e.ENCRYPTION_KEY,
    gradeWorker: e.GRADE_WORKER === 'on',
    retentionDays: e.RETENTION_DAYS,
    scormContentOrigin: e.SCORM_CONTENT_ORIGIN?.replace(/\/+$/, ''),
    trustProxy: e.TRUST_PROXY,
  });
}

/**
 * Opens the database: embedded PGlite in DATA_DIR/pglite when no DATABASE_URL is set, else a
 * pg pool on a PostgreSQL server. Both give the same Drizzle API over the same schema.
 * PGlite is single-process: a lock file keeps a second process (server or CLI) out.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';
import { DbLockedError } from './errors';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** Raw SQL rows on either engine (node-postgres and PGlite both answer { rows }). */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export interface Database {
  readonly db: Db;
  readonly engine: 'pglite' | 'postgres';
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for embedded PGlite data; ignored with databaseUrl. Omit for an in-memory PGlite (tests). */
  dataDir?: string;
  poolSize?: number;
  onIdleError?: (e: Error) => void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Identifies this process incarnation in the lock file: in a container the tool is often pid 1
 * on every restart, so a pid alone cannot tell our own live lock from a dead predecessor's.
 */
const INCARNATION = `${process.pid}:${crypto.randomUUID()}`;

/** Takes DATA_DIR/pglite.lock, or throws DbLockedError naming the process that holds it. */
function acquireLock(dir: string): () => void {
  const lockPath = path.join(dir, 'pglite.lock');
  for (let i = 0; i < 2; i++) {
    try {
      fs.writeFileSync(lockPath, INCARNATION, { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = fs.readFileSync(lockPath, 'utf8').trim();
      const holder = Number(held.split(':')[0]);
      const live = held === INCARNATION || (holder && holder !== process.pid && pidAlive(holder));
      if (live) throw new DbLockedError(dir, holder);
      fs.rmSync(lockPath, { force: true }); // stale lock from a process that died
    }
  }
  throw new DbLockedError(dir, 0);
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client whose server connection drops (a restart, a failover) emits 'error'; without
    // a listener that would crash the process. The pool replaces the client on the next query.
    pool.on('error', (e) => opts.onIdleError?.(e));
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      ping: async () => { await pool.query('select 1'); return true; },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let release = () => {};
  let client;
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    release = acquireLock(opts.dataDir);
    try {
      client = await PGlite.create(path.join(opts.dataDir, 'pglite'));
    } catch (e) {
      release();
      throw e;
    }
  } else {
    client = await PGlite.create();
  }
  const pg = client;
  const db = drizzle(pg, { schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    ping: async () => { await db.execute(sql`select 1`); return true; },
    close: async () => { try { await pg.close(); } finally { release(); } },
  };
}

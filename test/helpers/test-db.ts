/**
 * One database per test worker: in-memory PGlite by default, or, with TEST_DB=pg, a throwaway
 * database on the PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test),
 * created for the worker and dropped at the end. reset() truncates every table between tests.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../../src/db';

export const usingPg = process.env.TEST_DB === 'pg';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TABLES = ['scorm_sco_state', 'scorm_package', 'admin_session', 'admin_login_failure', 'admin_account', 'platform_origin', 'daily_stats', 'assignment_stats', 'learner_progress', 'grade_sync', 'attempt', 'assignment', 'membership', 'lti_user', 'context', 'login_state', 'deployment', 'platform', 'tool_key', 'tool_secret'];

export interface TestDb { database: Database; reset(): Promise<void>; close(): Promise<void> }

export async function openTestDb(): Promise<TestDb> {
  let dropName: string | undefined;
  let database: Database;
  if (usingPg) {
    dropName = `fs_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dropName}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${dropName}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  } else {
    database = await openDatabase({});
  }
  await migrateDatabase(database);
  return {
    database,
    async reset() {
      await database.db.execute(sql.raw(`truncate ${TABLES.join(', ')} cascade`));
    },
    async close() {
      await database.close();
      if (dropName) {
        const admin = new Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${dropName} with (force)`);
        await admin.end();
      }
    },
  };
}

/**
 * Applies the SQL migrations in drizzle/ (idempotent: Drizzle records applied ones). On a
 * PostgreSQL server an advisory lock keeps two starting instances from migrating at once.
 */
import { projectPaths } from '../paths';
import { sql } from 'drizzle-orm';
import type { Database } from './connection';

const MIGRATION_LOCK = 7_340_001; // arbitrary constant shared by all First Shield instances

export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: projectPaths().migrations };
  if (database.engine === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, config);
    return;
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await migrate(tx as never, config);
  });
}

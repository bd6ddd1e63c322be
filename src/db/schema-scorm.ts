/**
 * SCORM storage (DESIGN.md "SCORM"). A package row is one immutable version of an imported zip:
 * re-importing the same package key adds version n+1, and attempts keep the version they started.
 * deployment_id null = available to every school of this tool; otherwise to that school only.
 * CMI is stored per attempt and SCO, exactly as the player committed it (zod-checked at the edge).
 */
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { attempts, deployments } from './schema';

export const scormPackages = pgTable('scorm_package', {
  /** The package: the same id for every version (assignments say lesson=scorm:<id>). */
  id: uuid('id').notNull(),
  deploymentId: uuid('deployment_id').references(() => deployments.id, { onDelete: 'cascade' }),
  /** Stable across versions: the manifest identifier unless the operator names it. */
  packageKey: text('package_key').notNull(),
  title: text('title').notNull(),
  version: integer('version').notNull(),
  scormVersion: text('scorm_version').$type<'1.2' | '2004'>().notNull(),
  /** The parsed manifest (organization tree, SCOs with launch URLs and thresholds). */
  manifest: jsonb('manifest').$type<Record<string, unknown>>().notNull(),
  /** Directory of the unpacked files, relative to DATA_DIR. */
  filesDir: text('files_dir').notNull(),
  zipBytes: bigint('zip_bytes', { mode: 'number' }).notNull(),
  unpackedBytes: bigint('unpacked_bytes', { mode: 'number' }).notNull(),
  fileCount: integer('file_count').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.id, t.version] }),
  uniqueIndex('scorm_package_key_version').on(t.packageKey, t.version),
  index('scorm_package_deployment').on(t.deploymentId),
]);

export const scormScoStates = pgTable('scorm_sco_state', {
  attemptId: uuid('attempt_id').notNull().references(() => attempts.id, { onDelete: 'cascade' }),
  scoId: text('sco_id').notNull(),
  cmi: jsonb('cmi').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('scorm_sco_state_attempt_sco').on(t.attemptId, t.scoId)]);

/**
 * The relational model (DESIGN.md "Storage"). Every row that belongs to a school carries
 * deployment_id (the internal id of platform + LTI deployment), the tenant key.
 * Personal data is minimal: a user is platform + sub; a display name only if the LMS sent one.
 */
import { sql } from 'drizzle-orm';
import {
  boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const platforms = pgTable('platform', {
  id: uuid('id').primaryKey().defaultRandom(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  name: text('name').notNull(),
  authUrl: text('auth_url').notNull(),
  tokenUrl: text('token_url').notNull(),
  keysetUrl: text('keyset_url').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('platform_issuer_client').on(t.issuer, t.clientId)]);

export const deployments = pgTable('deployment', {
  id: uuid('id').primaryKey().defaultRandom(),
  platformId: uuid('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
  deploymentId: text('deployment_id').notNull(),
  name: text('name'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('deployment_platform_lti').on(t.platformId, t.deploymentId)]);

export const contexts = pgTable('context', {
  id: uuid('id').primaryKey().defaultRandom(),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  ltiContextId: text('lti_context_id').notNull(),
  title: text('title'),
  label: text('label'),
  membershipsUrl: text('memberships_url'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('context_deployment_lti').on(t.deploymentId, t.ltiContextId)]);

export const users = pgTable('lti_user', {
  id: uuid('id').primaryKey().defaultRandom(),
  platformId: uuid('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
  sub: text('sub').notNull(),
  /** Only when the LMS sends it; the tool works without it. No email is ever stored. */
  name: text('name'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('user_platform_sub').on(t.platformId, t.sub)]);

export const memberships = pgTable('membership', {
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  contextId: uuid('context_id').notNull().references(() => contexts.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  roles: text('roles').array().notNull(),
  lastLaunchAt: timestamp('last_launch_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.contextId, t.userId] })]);

export const assignments = pgTable('assignment', {
  id: uuid('id').primaryKey().defaultRandom(),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  contextId: uuid('context_id').notNull().references(() => contexts.id, { onDelete: 'cascade' }),
  resourceLinkId: text('resource_link_id').notNull(),
  title: text('title'),
  lessonId: text('lesson_id').notNull(),
  lessonVersion: integer('lesson_version').notNull(),
  lineItemUrl: text('line_item_url'),
  lineItemsUrl: text('line_items_url'),
  agsScopes: text('ags_scopes').array().notNull().default(sql`'{}'::text[]`),
  /** Teacher settings: passMark, maxAttempts, gradingPolicy (best|last|first), completionOnly, dueAt. */
  settings: jsonb('settings').$type<AssignmentSettings>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('assignment_context_link').on(t.contextId, t.resourceLinkId)]);

export interface AssignmentSettings {
  passMark?: number;
  maxAttempts?: number | null;
  gradingPolicy?: 'best' | 'last' | 'first';
  completionOnly?: boolean;
  dueAt?: string | null;
}

export const attempts = pgTable('attempt', {
  id: uuid('id').primaryKey().defaultRandom(),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  assignmentId: uuid('assignment_id').notNull().references(() => assignments.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  attemptNumber: integer('attempt_number').notNull(),
  lessonId: text('lesson_id').notNull(),
  lessonVersion: integer('lesson_version').notNull(),
  status: text('status').$type<'in_progress' | 'submitted'>().notNull().default('in_progress'),
  drawn: jsonb('drawn').$type<Record<string, string[]>>().notNull(),
  answers: jsonb('answers').$type<Record<string, string[]>>().notNull().default({}),
  position: text('position'),
  /** Partial credit makes points fractional (e.g. 3.2 of 4 on a spot step). */
  points: doublePrecision('points'),
  maxPoints: doublePrecision('max_points'),
  percent: integer('percent'),
  passed: boolean('passed'),
  /** Per-item outcome and per-objective competence, for teacher views. */
  result: jsonb('result'),
  timeOnTaskSeconds: integer('time_on_task_seconds').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('attempt_user_assignment_number').on(t.assignmentId, t.userId, t.attemptNumber),
  index('attempt_deployment').on(t.deploymentId),
]);

export const gradeSyncs = pgTable('grade_sync', {
  id: uuid('id').primaryKey().defaultRandom(),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  assignmentId: uuid('assignment_id').notNull().references(() => assignments.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  attemptId: uuid('attempt_id').references(() => attempts.id, { onDelete: 'set null' }),
  /** The AGS score document as it will be posted (userId, scoreGiven, …, timestamp). */
  score: jsonb('score').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<'pending' | 'done' | 'failed'>().notNull().default('pending'),
  tries: integer('tries').notNull().default(0),
  nextTryAt: timestamp('next_try_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('grade_sync_due').on(t.status, t.nextTryAt),
  index('grade_sync_assignment_user').on(t.assignmentId, t.userId),
]);

/** OIDC login state: state and nonce bound together, single-use, short-lived. */
export const loginStates = pgTable('login_state', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  platformId: uuid('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [index('login_state_expires').on(t.expiresAt)]);

export const toolKeys = pgTable('tool_key', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  /** AES-256-GCM sealed private JWK (see src/db/secrets.ts). */
  privateJwkSealed: text('private_jwk_sealed').notNull(),
  status: text('status').$type<'active' | 'next' | 'retired'>().notNull(),
  createdAt: createdAt(),
  retiresAt: timestamp('retires_at', { withTimezone: true }),
});

/** Named secrets the tool generates for itself (the session HMAC key), sealed like the keys. */
export const toolSecrets = pgTable('tool_secret', {
  name: text('name').primaryKey(),
  sealed: text('sealed').notNull(),
  createdAt: createdAt(),
});

/**
 * Report summaries (issue 5), kept up to date in the same transaction as each attempt change
 * so report pages never scan attempts. learner_progress: one row per student × assignment.
 */
export const learnerProgress = pgTable('learner_progress', {
  assignmentId: uuid('assignment_id').notNull().references(() => assignments.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  contextId: uuid('context_id').notNull().references(() => contexts.id, { onDelete: 'cascade' }),
  status: text('status').$type<'in_progress' | 'passed' | 'not_passed'>().notNull(),
  percent: integer('percent'),
  attempts: integer('attempts').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  passedAt: timestamp('passed_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.assignmentId, t.userId] }),
  index('learner_progress_deployment').on(t.deploymentId),
]);

/** One row per assignment: the counters every school report aggregates (a few per class). */
export const assignmentStats = pgTable('assignment_stats', {
  assignmentId: uuid('assignment_id').primaryKey().references(() => assignments.id, { onDelete: 'cascade' }),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  contextId: uuid('context_id').notNull().references(() => contexts.id, { onDelete: 'cascade' }),
  lessonId: text('lesson_id').notNull(),
  ageBand: text('age_band').notNull(),
  started: integer('started').notNull().default(0),
  completed: integer('completed').notNull().default(0),
  passed: integer('passed').notNull().default(0),
  /** Sum of the graded percent of completed learners: average = percentSum / completed. */
  percentSum: integer('percent_sum').notNull().default(0),
}, (t) => [index('assignment_stats_deployment').on(t.deploymentId, t.contextId)]);

/** Completions and passes per assignment per day (UTC), for trends by week and month. */
export const dailyStats = pgTable('daily_stats', {
  assignmentId: uuid('assignment_id').notNull().references(() => assignments.id, { onDelete: 'cascade' }),
  day: date('day').notNull(),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  completed: integer('completed').notNull().default(0),
  passed: integer('passed').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.assignmentId, t.day] }),
  index('daily_stats_deployment_day').on(t.deploymentId, t.day),
]);

/**
 * Origins an LMS shows the tool from, for the frame-ancestors policy. Canvas, Blackboard and
 * Schoology sign launches with a shared issuer (canvas.instructure.com …) while the page that
 * frames the tool is the school's own host, so these are learned from signed launch claims
 * (return URLs, service endpoints) and can be added by the operator.
 */
export const platformOrigins = pgTable('platform_origin', {
  platformId: uuid('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
  origin: text('origin').notNull(),
  source: text('source').$type<'launch' | 'operator'>().notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.platformId, t.origin] })]);

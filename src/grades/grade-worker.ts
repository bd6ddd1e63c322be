/**
 * Delivers outbox rows to the LMS (AGS score service). Retries 429, 5xx and network failures
 * with exponential backoff and jitter (honouring Retry-After), gives up on other 4xx with the
 * LMS's reason, and after maxTries. kick() runs a pass at once (after a submission) so the
 * gradebook updates within a second; otherwise the worker polls.
 */
import { eq } from 'drizzle-orm';
import { assignments, type Db } from '../db';
import type { AgsScore, Platform, ServicesClient } from '../lti';
import { SCOPES, ServiceError } from '../lti';
import type { Logger } from '../logger';
import type { GradeSync, GradeSyncRepository } from './grade-sync.repository';

export interface GradeWorkerOptions {
  db: Db;
  repo: GradeSyncRepository;
  services: ServicesClient;
  platformFor(deploymentId: string): Promise<Platform | undefined>;
  logger: Logger;
  pollMs?: number;
  batch?: number;
  maxTries?: number;
  baseDelaySeconds?: number;
  random?: () => number;
}

export function backoffSeconds(tries: number, base: number, random: () => number, retryAfter?: number): number {
  const exp = Math.min(3600, base * 2 ** Math.max(0, tries - 1));
  const jittered = exp / 2 + random() * (exp / 2); // "equal jitter": spreads retries after an outage
  return Math.max(retryAfter ?? 0, Math.round(jittered * 10) / 10);
}

export function createGradeWorker(o: GradeWorkerOptions) {
  const pollMs = o.pollMs ?? 2000;
  const maxTries = o.maxTries ?? 12;
  const base = o.baseDelaySeconds ?? 5;
  const random = o.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  async function deliver(row: GradeSync): Promise<void> {
    const [assignment] = await o.db.select().from(assignments).where(eq(assignments.id, row.assignmentId));
    const platform = await o.platformFor(row.deploymentId);
    const canManage = !!assignment?.lineItemsUrl && assignment.agsScopes.includes(SCOPES.lineItem);
    if (!assignment || !platform || (!assignment.lineItemUrl && !canManage)) {
      await o.repo.markFailed(row.id, 'the LMS gave this activity no gradebook column (no AGS line item or line-item scope in the launch)');
      return;
    }
    try {
      let lineItemUrl = assignment.lineItemUrl;
      if (!lineItemUrl) {
        // AGS §3.2: the platform granted line-item management but sent no column: find or make it
        lineItemUrl = await o.services.findOrCreateLineItem(platform, assignment.lineItemsUrl!, {
          label: assignment.title ?? assignment.lessonId, scoreMaximum: 100, resourceId: assignment.lessonId,
          resourceLinkId: assignment.resourceLinkId, tag: 'first-shield',
        });
        await o.db.update(assignments).set({ lineItemUrl }).where(eq(assignments.id, assignment.id));
      }
      await o.services.postScore(platform, lineItemUrl, row.score as unknown as AgsScore);
      await o.repo.markDone(row.id);
      o.logger.info({ gradeSync: row.id, tries: row.tries }, 'grade delivered');
    } catch (e) {
      const err = e instanceof ServiceError ? e : new ServiceError((e as Error).message, undefined);
      if (err.retryable && row.tries < maxTries) {
        const delay = backoffSeconds(row.tries, base, random, err.retryAfterSeconds);
        await o.repo.markRetry(row.id, delay, err.message);
        o.logger.warn({ gradeSync: row.id, tries: row.tries, delay, status: err.status }, 'grade delivery failed; will retry');
      } else {
        await o.repo.markFailed(row.id, err.message);
        o.logger.error({ gradeSync: row.id, tries: row.tries, status: err.status }, 'grade delivery failed');
      }
    }
  }

  /** One pass: claims and delivers due rows until none are left. Returns how many it handled. */
  async function runOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await o.repo.claimDue(o.batch ?? 10, 60);
      if (rows.length === 0) return handled;
      await Promise.all(rows.map(deliver));
      handled += rows.length;
    }
  }

  function pass(): Promise<number> {
    if (running) { again = true; return running; }
    running = runOnce()
      .catch((e) => { o.logger.error({ err: (e as Error).message }, 'grade worker pass failed'); return 0; })
      .finally(() => {
        running = undefined;
        if (again && !stopped) { again = false; void pass(); }
      });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => { void pass().finally(schedule); }, pollMs);
    timer.unref();
  }

  return {
    start() { stopped = false; schedule(); },
    kick() { if (!stopped) void pass(); },
    runOnce: pass,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
export type GradeWorker = ReturnType<typeof createGradeWorker>;

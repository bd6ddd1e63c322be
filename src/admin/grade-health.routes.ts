/** Grade-sync health (issue 7): counts per deployment, latest failures, retry failed per deployment. */
import express from 'express';
import type { Logger } from '../logger';
import { notFound } from '../errors';
import { IdParam } from './admin.schemas';
import { requireCsrf, type createPageRenderer } from './admin-web';
import type { GradeSyncHealth } from './grade-health.repository';

type Render = ReturnType<typeof createPageRenderer>;
const FAILURES_SHOWN = 20;

export function gradeHealthRoutes(deps: { health: GradeSyncHealth; render: Render; logger: Logger; worker?: { kick(): void } }) {
  const router = express.Router();

  router.get('/grades', async (req, res) => {
    const [rows, failures] = await Promise.all([deps.health.byDeployment(), deps.health.latestFailures(FAILURES_SHOWN)]);
    const label = new Map(rows.map((r) => [r.deploymentId, `${r.platformName} · ${r.deploymentName ?? r.ltiDeploymentId}`]));
    const retried = typeof req.query.retried === 'string' && /^\d{1,9}$/.test(req.query.retried) ? Number(req.query.retried) : undefined;
    const totals = rows.reduce((s, r) => ({ pending: s.pending + r.pending, failed: s.failed + r.failed, done: s.done + r.done }), { pending: 0, failed: 0, done: 0 });
    deps.render(req, res, 'admin-grades', 'admin:grades.title', {
      retried, hasRetried: retried !== undefined, totals,
      deployments: rows.map((r) => ({ ...r, label: label.get(r.deploymentId), hasFailed: r.failed > 0, reportUrl: `/admin/deployments/${r.deploymentId}/report` })),
      failures: failures.map((f) => ({
        deployment: label.get(f.deploymentId) ?? f.deploymentId, tries: f.tries,
        // The LMS's own reason, cut short: it is diagnostic text, not a place for a whole body.
        reason: (f.lastError ?? '').slice(0, 300), at: f.updatedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
      })),
    });
  });

  router.post('/deployments/:id/retry-failed', requireCsrf, async (req, res) => {
    const p = IdParam.safeParse(req.params);
    if (!p.success) throw notFound('no such deployment');
    const n = await deps.health.retryFailed(p.data.id);
    if (n > 0) deps.worker?.kick();
    deps.logger.info({ event: 'admin.grades.retry', account: res.locals.admin!.accountId, deployment: p.data.id, rows: n }, 'failed grade syncs set back to pending');
    res.redirect(303, `/admin/grades?retried=${n}`);
  });

  return router;
}

/**
 * The fault switch, so tests and demos can watch the tool cope with a failing LMS: "the next N
 * score posts answer 500 / 429 / 503". Off by default; stored in the demo state.
 * GET  /admin/faults  → HTML page, or JSON with `Accept: application/json`
 * POST /admin/faults  → form or JSON `{ status, count }` (count 0 switches it off)
 */
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { DemoDeps } from './deps';

const faultBody = z.object({
  status: z.coerce.number().pipe(z.union([z.literal(429), z.literal(500), z.literal(503)])),
  count: z.coerce.number().int().min(0).max(1000),
});

export function adminRoutes(deps: DemoDeps): Router {
  const { store, urls, render, logger } = deps;
  const router = Router();
  const origin = new URL(urls.root).origin;
  // A light CSRF guard for a demo page: a browser always sends Origin on a cross-site POST.
  const sameOrigin = (req: Request) => {
    const o = req.get('origin');
    return o === undefined || o === origin;
  };
  const snapshot = () => store.data().faults.map((f) => ({ target: f.target, status: f.status, remaining: f.remaining }));

  router.get('/admin/faults', (req, res) => {
    if (req.accepts(['html', 'json']) === 'json') return res.json({ faults: snapshot() });
    const current = snapshot()[0];
    res.type('html').set('Cache-Control', 'no-store').send(render.page('faults', {
      base: urls.base, title: 'Fault switch', current, statuses: [500, 429, 503],
    }));
  });

  router.post('/admin/faults', express.urlencoded({ extended: false, limit: '4kb' }), express.json({ limit: '4kb' }), async (req, res) => {
    if (!sameOrigin(req)) return res.status(403).json({ error: 'forbidden', error_description: 'Cross-origin request refused.' });
    const parsed = faultBody.safeParse(req.body ?? {});
    if (!parsed.success) return res.status(400).json({ error: 'invalid_request', error_description: 'status must be 429, 500 or 503 and count 0–1000.' });
    const { status, count } = parsed.data;
    await store.update((d) => {
      d.faults = count > 0 ? [{ target: 'score-post', status, remaining: count }] : [];
    });
    logger.info({ status, count }, 'demo LMS: fault switch set');
    if (req.is('application/json')) return res.json({ faults: snapshot() });
    res.redirect(303, `${urls.base}/admin/faults`);
  });
  return router;
}

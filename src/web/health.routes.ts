/** Liveness (/healthz: the process answers) and readiness (/readyz: database and catalogue). */
import express from 'express';
import type { Database } from '../db';
import type { Catalog } from '../catalog';

export function healthRoutes(deps: { database: Database; catalog: Catalog; draining: () => boolean }) {
  const router = express.Router();
  router.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  router.get('/readyz', async (_req, res) => {
    const db = await deps.database.ping().catch(() => false);
    const catalog = deps.catalog.size > 0;
    const ready = db && catalog && !deps.draining();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', database: db ? 'ok' : 'unreachable', catalog: { lessons: deps.catalog.size }, draining: deps.draining() });
  });
  return router;
}

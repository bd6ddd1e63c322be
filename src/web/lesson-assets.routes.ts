/**
 * Lesson pictures: /lessons/<id>/v<version>/assets/<file>.svg, straight from the package's
 * assets folder (checked as safe SVG by the content validator). Versions are immutable, so
 * responses may be cached for a long time. Public: pictures carry no learner data.
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Catalog } from '../catalog';
import { notFound } from '../errors';

const FILE = /^[A-Za-z0-9][A-Za-z0-9_-]*\.svg$/;

export function lessonAssetRoutes(deps: { catalog: Catalog }) {
  const router = express.Router();
  router.get('/lessons/:id/v:version/assets/:file', async (req, res) => {
    const lesson = deps.catalog.get(req.params.id, Number(req.params.version));
    if (!lesson || !FILE.test(req.params.file)) throw notFound('no such lesson asset');
    const file = path.join(lesson.dir, 'assets', req.params.file);
    const body = await fs.promises.readFile(file).catch(() => undefined);
    if (!body) throw notFound('no such lesson asset');
    res.setHeader('Content-Type', 'image/svg+xml');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.send(body);
  });
  return router;
}

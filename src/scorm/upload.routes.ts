/**
 * The operator's upload: GET /admin/scorm (page with the package list and an upload form) and
 * POST /admin/scorm with the zip as the raw body (application/zip; no multipart), streamed to
 * DATA_DIR/scorm/.uploads with a byte cap, then imported. ?title= overrides the title.
 * Who may upload, and for which school, is decided by the caller's authorizeAdmin().
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db';
import { ScormError } from './errors';
import { importScormPackage, scormRoot } from './package-import';
import { createScormPackageRepository, type ScormPackage } from './package.repository';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from './zip-unpack';
import { packageSummary } from './player.view-model';

export interface UploadRouteDeps {
  db: Db;
  dataDir: string;
  /** Throws an AppError unless the caller may import; deploymentId null = for every school. */
  authorizeAdmin(req: Request, res: Response): Promise<{ deploymentId: string | null }>;
  /** Renders views/pages/scorm-upload.hbs inside the layout (locale, title, session meta). */
  renderPage(req: Request, res: Response, page: string, model: object): string;
  maxUploadBytes?: number;
  limits?: Partial<UnpackLimits>;
  /** Called after a successful import (the app refreshes its lesson list so the package is assignable at once). */
  onImported?: (pkg: ScormPackage) => Promise<void>;
}

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
const Query = z.object({ title: z.string().trim().min(1).max(300).optional() });

/** Streams the request body to `file`, refusing more than maxBytes (counted, not trusted). */
export async function saveBody(req: Request, file: string, maxBytes: number): Promise<number> {
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new ScormError('zip_too_large', `upload larger than ${maxBytes} bytes`, { limit: maxBytes });
  let n = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      n += chunk.length;
      if (n > maxBytes) return cb(new ScormError('zip_too_large', `upload larger than ${maxBytes} bytes`, { limit: maxBytes }));
      cb(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, fs.createWriteStream(file, { flags: 'wx' }));
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    throw e instanceof ScormError ? e : new ScormError('zip_invalid', `the upload was interrupted: ${(e as Error).message}`);
  }
  return n;
}

export function scormUploadRoutes(deps: UploadRouteDeps) {
  const router = express.Router();
  const maxBytes = deps.maxUploadBytes ?? DEFAULT_UNPACK_LIMITS.maxUnpackedBytes;
  const repo = createScormPackageRepository(deps.db);

  router.get('/admin/scorm', async (req, res) => {
    const { deploymentId } = await deps.authorizeAdmin(req, res);
    const packages = await repo.listLatest(deploymentId ?? undefined);
    res.type('html').send(deps.renderPage(req, res, 'pages/scorm-upload', {
      packages: packages.map(packageSummary), empty: packages.length === 0, maxMegabytes: Math.floor(maxBytes / 1024 / 1024),
    }));
  });

  router.post('/admin/scorm', async (req, res) => {
    const { deploymentId } = await deps.authorizeAdmin(req, res);
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ZIP_TYPES.includes(type)) throw new ScormError('upload_type', 'send the zip as the request body with Content-Type: application/zip');
    const q = Query.safeParse(req.query);
    if (!q.success) throw new ScormError('cmi_invalid', 'bad title');
    const dir = path.join(scormRoot(deps.dataDir), '.uploads');
    await fs.promises.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${crypto.randomUUID()}.zip`);
    try {
      await saveBody(req, file, maxBytes);
      const pkg: ScormPackage = await importScormPackage({ db: deps.db, dataDir: deps.dataDir, limits: deps.limits }, { file, title: q.data.title, deploymentId });
      await deps.onImported?.(pkg);
      res.status(201).json(packageSummary(pkg));
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  });

  return router;
}

/**
 * Plays the tiny SCORM 1.2 package in headless Chromium through the real player page
 * (views/pages/scorm-player.hbs + public/js/scorm-player.js + scorm-again), on a bare Express
 * app with the tool's security headers and the engine's routers: first visit commits
 * "incomplete" half-way, a reload resumes (entry=resume, location restored), Finish commits
 * the score and status, and the stored CMI and roll-up are checked in the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { assignments, attempts, contexts, deployments, platforms, users } from '../../src/db';
import { AppError } from '../../src/errors';
import { createI18n } from '../../src/i18n';
import { projectPaths } from '../../src/paths';
import { securityHeaders } from '../../src/web/security';
import { createViewRenderer } from '../../src/web/views';
import {
  buildScormPlayerModel, createScoStateRepository, createScormPackageRepository, importScormPackage, rollUp,
  scormAgainDistFile, scormCommitRoutes, scormContentRoutes,
} from '../../src/scorm';
import { openBrowser, type BrowserSession } from '../helpers/browser';
import { openTestDb, type TestDb } from '../helpers/test-db';
import { buildZip } from '../unit/scorm/zip-writer';

const TOKEN = 'e2e-session-token';
let testDb: TestDb;
let dataDir: string;
let server: Server;
let base: string;
let browser: BrowserSession;
let attemptId: string;
let packageId: string;

beforeAll(async () => {
  testDb = await openTestDb();
  const db = testDb.database.db;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-scorm-e2e-'));
  const dir = path.resolve(__dirname, '../fixtures/scorm/tiny-scorm12');
  const zip = path.join(dataDir, 'tiny.zip');
  fs.writeFileSync(zip, buildZip(fs.readdirSync(dir).map((name) => ({ name, data: fs.readFileSync(path.join(dir, name)) }))));
  const pkg = await importScormPackage({ db, dataDir }, { file: zip });
  packageId = pkg.id;
  const [p] = await db.insert(platforms).values({ issuer: 'https://lms.test', clientId: 'c', name: 'LMS', authUrl: 'https://lms.test/a', tokenUrl: 'https://lms.test/t', keysetUrl: 'https://lms.test/k' }).returning();
  const [d] = await db.insert(deployments).values({ platformId: p!.id, deploymentId: 'd1' }).returning();
  const [c] = await db.insert(contexts).values({ deploymentId: d!.id, ltiContextId: 'class-1' }).returning();
  const [u] = await db.insert(users).values({ platformId: p!.id, sub: 'student-1' }).returning();
  const [a] = await db.insert(assignments).values({ deploymentId: d!.id, contextId: c!.id, resourceLinkId: 'rl', lessonId: `scorm:${pkg.id}`, lessonVersion: pkg.version }).returning();
  const [t] = await db.insert(attempts).values({ deploymentId: d!.id, assignmentId: a!.id, userId: u!.id, attemptNumber: 1, lessonId: `scorm:${pkg.id}`, lessonVersion: pkg.version, drawn: {} }).returning();
  attemptId = t!.id;

  const paths = projectPaths();
  const i18n = await createI18n(paths.locales);
  const views = createViewRenderer({ viewsDir: paths.views, i18n, cache: false });
  const app = express();
  app.use(securityHeaders(() => [], false));
  app.use('/static', express.static(paths.public, { index: false }));
  app.use(scormContentRoutes({ dataDir, scormAgainFile: scormAgainDistFile(paths.root) }));
  app.use(scormCommitRoutes({
    db,
    authorize: async (req) => {
      const token = req.get('authorization')?.replace(/^Bearer /, '') ?? (req.body as { s?: string })?.s;
      if (token !== TOKEN) throw new AppError('session_invalid', 401, 'no session');
      return { userId: u!.id };
    },
  }));
  app.get('/play', async (_req, res) => {
    const current = (await createScormPackageRepository(db).get(packageId, 1))!;
    const states = await createScoStateRepository(db).forAttempt(attemptId);
    const model = buildScormPlayerModel({ pkg: current, attemptId, token: TOKEN, states, learner: { id: 'learner-opaque-1' } });
    res.type('html').send(views.render('pages/scorm-player', model, { locale: 'en', title: model.title }));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof AppError ? err.status : (err as { status?: number }).status ?? 500;
    res.status(status).json({ error: String((err as Error).message) });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await openBrowser({ allowedOrigin: base, viewport: { width: 1024, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await testDb?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function stored() {
  return (await createScoStateRepository(testDb.database.db).forAttempt(attemptId)).get('item1') as { core: Record<string, unknown>; suspend_data?: string } | undefined;
}

async function until<T>(fn: () => Promise<T | undefined>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('plays, resumes half-way and finishes the SCORM 1.2 package', async () => {
  const { page, problems } = browser;
  await page.goto(`${base}/play`);
  const sco = page.frameLocator('[data-scorm-frame]');
  await sco.locator('#entry').filter({ hasText: 'ab-initio' }).waitFor();
  await expect(sco.locator('#student').textContent()).resolves.toBe('learner-opaque-1');
  expect(await page.locator('meta[name="fs-session"]').count()).toBe(0); // token kept out of the DOM
  const half = await until(stored, (c) => c.core.lesson_status === 'incomplete');
  expect(half).toMatchObject({ suspend_data: 'half-way', core: { lesson_location: 'page-2', exit: 'suspend' } });

  await page.reload(); // resume
  await sco.locator('#entry').filter({ hasText: 'resume' }).waitFor();
  await expect(sco.locator('#location').textContent()).resolves.toBe('page-2');

  await sco.locator('#finish').click();
  await sco.locator('#done').waitFor();
  const done = await until(stored, (c) => c.core.lesson_status === 'passed');
  expect(done.core).toMatchObject({ score: { raw: '80', min: '0', max: '100' }, credit: 'credit', student_id: 'learner-opaque-1' });
  const pkg = (await createScormPackageRepository(testDb.database.db).get(packageId))!;
  const result = rollUp(pkg.scormVersion, pkg.manifest.scos, await createScoStateRepository(testDb.database.db).forAttempt(attemptId));
  expect(result).toMatchObject({ completion: 'completed', success: 'passed', percent: 80, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  await page.locator('[data-scorm-status]').filter({ hasText: 'saved' }).waitFor();
  expect(problems).toEqual([]);
});

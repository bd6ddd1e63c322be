/**
 * The SCORM engine on a real database (PGlite, or PostgreSQL with TEST_DB=pg): importing the
 * golf packages and the tiny 1.2 package, versions, serving files, and the commit endpoint
 * (JSON and beacon, idempotency, roll-up), on a bare Express app with the engine's routers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { assignments, attempts, contexts, deployments, platforms, users } from '../../src/db';
import { AppError } from '../../src/errors';
import { projectPaths } from '../../src/paths';
import {
  createScoStateRepository, importScormPackage, runScormCli, scormCommitRoutes, scormContentRoutes, ScormError,
  SCORM_AGAIN_PATH, scormAgainDistFile, type ScormPackage,
} from '../../src/scorm';
import { openTestDb, type TestDb } from '../helpers/test-db';
import { buildZip } from '../unit/scorm/zip-writer';

const FIX = path.resolve(__dirname, '../fixtures/scorm');
export function tinyZip(file: string): string {
  const dir = path.join(FIX, 'tiny-scorm12');
  fs.writeFileSync(file, buildZip(fs.readdirSync(dir).map((name) => ({ name, data: fs.readFileSync(path.join(dir, name)) }))));
  return file;
}

let testDb: TestDb;
let dataDir: string;
beforeAll(async () => { testDb = await openTestDb(); });
afterAll(async () => { await testDb.close(); });
beforeEach(async () => {
  await testDb.database.db.execute(sql.raw('truncate scorm_sco_state, scorm_package cascade'));
  await testDb.reset();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-scorm-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function seedAttempt(pkg: ScormPackage) {
  const db = testDb.database.db;
  const [p] = await db.insert(platforms).values({ issuer: 'https://lms.test', clientId: 'c', name: 'LMS', authUrl: 'https://lms.test/a', tokenUrl: 'https://lms.test/t', keysetUrl: 'https://lms.test/k' }).returning();
  const [d] = await db.insert(deployments).values({ platformId: p!.id, deploymentId: 'd1' }).returning();
  const [c] = await db.insert(contexts).values({ deploymentId: d!.id, ltiContextId: 'class-1' }).returning();
  const [u] = await db.insert(users).values({ platformId: p!.id, sub: 'student-1' }).returning();
  const [a] = await db.insert(assignments).values({ deploymentId: d!.id, contextId: c!.id, resourceLinkId: 'rl', lessonId: `scorm:${pkg.id}`, lessonVersion: pkg.version }).returning();
  const [t] = await db.insert(attempts).values({ deploymentId: d!.id, assignmentId: a!.id, userId: u!.id, attemptNumber: 1, lessonId: `scorm:${pkg.id}`, lessonVersion: pkg.version, drawn: {} }).returning();
  return { attempt: t!, userId: u!.id };
}

function appFor(userId: string, onResult?: jest.Mock) {
  const app = express();
  app.use(scormContentRoutes({ dataDir, scormAgainFile: scormAgainDistFile(projectPaths().root) }));
  app.use(scormCommitRoutes({
    db: testDb.database.db, onResult,
    authorize: async (req) => {
      const token = req.get('authorization')?.replace(/^Bearer /, '') ?? (req.body as { s?: string })?.s;
      if (token !== 'good-token') throw new AppError('session_invalid', 401, 'no session');
      return { userId };
    },
  }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Like the app's error handler: body-parser errors keep their 4xx status.
    const status = (err as { status?: number }).status;
    const e = err instanceof AppError ? err : new AppError(status && status < 500 ? 'bad_request' : 'internal', status && status < 500 ? status : 500);
    res.status(e.status).json({ code: e.code });
  });
  return app;
}

describe('SCORM import', () => {
  it('imports the tiny 1.2 package and both golf packages; re-import makes version 2', async () => {
    const deps = { db: testDb.database.db, dataDir };
    const tiny = await importScormPackage(deps, { file: tinyZip(path.join(dataDir, 'tiny.zip')) });
    expect(tiny).toMatchObject({ version: 1, scormVersion: '1.2', title: 'Tiny & safe: a SCORM 1.2 check', packageKey: 'org.firstshield.test.tiny12', deploymentId: null, fileCount: 3 });
    expect(fs.existsSync(path.join(dataDir, 'scorm', tiny.id, 'v1', 'index.html'))).toBe(true);
    const again = await importScormPackage(deps, { file: tinyZip(path.join(dataDir, 'tiny2.zip')), title: 'Renamed' });
    expect(again).toMatchObject({ id: tiny.id, version: 2, title: 'Renamed' });

    const basic = await importScormPackage(deps, { file: path.join(FIX, 'golf-2004-basic-runtime.zip') });
    expect(basic.manifest).toMatchObject({ scormVersion: '2004', schemaVersion: '2004 3rd Edition', title: 'Golf Explained - Run-time Basic Calls' });
    expect(basic.manifest.scos).toEqual([expect.objectContaining({ id: 'item_1', launch: 'shared/launchpage.html', scormType: 'sco' })]);
    const multi = await importScormPackage(deps, { file: path.join(FIX, 'golf-2004-multi-sco-minimum-calls.zip') });
    expect(multi.manifest.scos).toHaveLength(18);
    expect(multi.manifest.toc).toHaveLength(4);

    const lines: string[] = [];
    await runScormCli(['list'], { db: testDb.database.db, dataDir, out: (l) => lines.push(l) });
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes(tiny.id))).toMatch(/v2\tSCORM 1\.2/);
    expect(fs.readdirSync(path.join(dataDir, 'scorm', '.incoming'))).toEqual([]);
  });

  it('leaves nothing behind when the package is refused', async () => {
    const bad = path.join(dataDir, 'bad.zip');
    fs.writeFileSync(bad, buildZip([{ name: 'index.html', data: '<p>no manifest</p>' }]));
    await expect(importScormPackage({ db: testDb.database.db, dataDir }, { file: bad })).rejects.toMatchObject({ code: 'scorm_manifest_missing' });
    fs.writeFileSync(bad, buildZip([{ name: 'imsmanifest.xml', data: fs.readFileSync(path.join(FIX, 'tiny-scorm12/imsmanifest.xml')) }]));
    await expect(importScormPackage({ db: testDb.database.db, dataDir }, { file: bad })).rejects.toBeInstanceOf(ScormError);
    expect(fs.readdirSync(path.join(dataDir, 'scorm')).filter((f) => !f.startsWith('.'))).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'scorm', '.incoming'))).toEqual([]);
  });
});

describe('SCORM content and commits', () => {
  it('serves package files with their own CSP, no listings, no escapes, and scorm-again', async () => {
    const pkg = await importScormPackage({ db: testDb.database.db, dataDir }, { file: tinyZip(path.join(dataDir, 't.zip')) });
    const app = appFor('x');
    const page = await request(app).get(`/scorm-content/${pkg.id}/v1/index.html`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain('sandbox allow-scripts allow-same-origin allow-forms allow-popups');
    expect(page.text).toContain('Passwords quiz');
    expect((await request(app).get(`/scorm-content/${pkg.id}/v1/sco.js`).expect(200)).headers['content-type']).toMatch(/javascript/);
    await request(app).get(`/scorm-content/${pkg.id}/v1/`).expect(404);
    await request(app).get(`/scorm-content/${pkg.id}/v1/%2e%2e/v1/index.html`).expect(404);
    await request(app).get(`/scorm-content/${pkg.id}/v1/..%2f..%2fimsmanifest.xml`).expect(404);
    await request(app).get(`/scorm-content/${pkg.id}/v9/index.html`).expect(404);
    await request(app).get(`/scorm-content/not-a-uuid/v1/index.html`).expect(404);
    const sa = await request(app).get(SCORM_AGAIN_PATH).expect(200);
    expect(sa.headers['cache-control']).toContain('immutable');
  });

  it('stores CMI per SCO idempotently, accepts beacons, and rolls up', async () => {
    const pkg = await importScormPackage({ db: testDb.database.db, dataDir }, { file: tinyZip(path.join(dataDir, 't.zip')) });
    const { attempt, userId } = await seedAttempt(pkg);
    const onResult = jest.fn(async () => undefined);
    const app = appFor(userId, onResult);
    const url = `/api/scorm/attempts/${attempt.id}/scos/item1/commit`;
    const half = { core: { lesson_status: 'incomplete', lesson_location: 'p2', exit: 'suspend', score: { raw: '', min: '', max: '' } }, suspend_data: 'x' };
    await request(app).post(url).send({ cmi: half }).expect(401);
    const first = await request(app).post(url).set('Authorization', 'Bearer good-token').send({ cmi: half }).expect(200);
    expect(first.body).toMatchObject({ changed: true, result: { completion: 'incomplete', activityProgress: 'InProgress', gradingProgress: 'Pending', percent: null } });
    const second = await request(app).post(url).set('Authorization', 'Bearer good-token').send({ cmi: half }).expect(200);
    expect(second.body.changed).toBe(false);
    expect(second.body.result).toEqual(first.body.result);
    expect(onResult).toHaveBeenCalledTimes(1);

    const done = { core: { lesson_status: 'incomplete', exit: '', score: { raw: '80', min: '0', max: '100' } } };
    const beacon = await request(app).post(url).set('Content-Type', 'text/plain;charset=UTF-8').send(JSON.stringify({ s: 'good-token', cmi: done, terminate: true })).expect(200);
    // No passed/failed from the SCO: the manifest's mastery score (70) decides.
    expect(beacon.body.result).toMatchObject({ completion: 'completed', success: 'passed', percent: 80, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    expect(onResult).toHaveBeenCalledTimes(2);
    const stored = await createScoStateRepository(testDb.database.db).forAttempt(attempt.id);
    expect(stored.get('item1')).toEqual(done);

    await request(app).post(`/api/scorm/attempts/${attempt.id}/scos/nope/commit`).set('Authorization', 'Bearer good-token').send({ cmi: done }).expect(404);
    await request(app).post(url).set('Authorization', 'Bearer good-token').send({ cmi: 'x' }).expect(400);
    await request(app).post(url).set('Authorization', 'Bearer good-token').send({ cmi: { suspend_data: 'x'.repeat(300_000) } }).expect(413);
    await request(app).post(url).set('Content-Type', 'text/plain').send('not json').expect(400);
  });
});

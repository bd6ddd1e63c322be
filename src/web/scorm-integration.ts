/**
 * SCORM packages as lessons. The engine (src/scorm) imports, serves, plays and rolls up
 * packages; this glue makes a package assignable and gradable exactly like a native lesson:
 *  - a package version appears as a Lesson "scorm:<id>" (no steps; its title from the package),
 *    so launches, assignments, teacher views and summaries work unchanged;
 *  - its results (from scorm-again commits) become the attempt's score, and the grade goes to
 *    the LMS through the same outbox as native lessons.
 * Packages are cached in memory and re-read every 30 s, so an import made by the CLI or another
 * instance shows up without a restart.
 */
import express, { type Request, type Response } from 'express';
import type { Catalog, Lesson, LessonManifest, LessonSummary } from '../catalog';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { I18n } from '../i18n';
import type { Learning } from '../learning';
import type { SessionTokens } from '../lti';
import {
  buildScormPlayerModel, createScormPackageRepository, createScoStateRepository, scormCommitRoutes, scormUploadRoutes,
  SCORM_LESSON_PREFIX, type ScormPackage,
} from '../scorm';
import { requestLocale, switcherUrl } from './locale';
import { tokenOf } from './session-guard';
import type { ViewRenderer } from './views';

export const isScormLesson = (lessonId: string) => lessonId.startsWith(SCORM_LESSON_PREFIX);

function asLesson(pkg: ScormPackage): Lesson {
  const manifest = {
    id: `${SCORM_LESSON_PREFIX}${pkg.id}`, code: 'SCORM', version: pkg.version, ageBands: [], topics: ['scorm'], minutes: 0,
    title: 'title', summary: 'summary', passMark: 80, mustPass: [], objectives: [], steps: [], completionOnly: false,
    readAloud: false, teacher: { activity: 'summary', discussion: [], disclosure: 'summary' }, family: 'summary',
  } as unknown as LessonManifest;
  const texts = { title: pkg.title, summary: `SCORM ${pkg.scormVersion} · ${pkg.manifest.scos.length} SCO` };
  return { manifest, texts: { vi: texts, en: texts }, dir: '' };
}

export function createScormLessons(db: Db, refreshMs = 30_000) {
  const repo = createScormPackageRepository(db);
  let all: ScormPackage[] = [];
  let at = 0;
  async function refresh() {
    const latest = await repo.listLatest();
    // older versions stay reachable: attempts keep the version they started
    const versions = new Map<string, ScormPackage>();
    for (const p of latest) versions.set(`${p.id}@${p.version}`, p);
    all = [...versions.values()];
    at = Date.now();
  }
  return {
    refresh,
    /** Re-reads the package list when it is older than refreshMs (call before a request uses it). */
    middleware: () => async (_req: Request, _res: Response, next: () => void) => {
      if (Date.now() - at > refreshMs) await refresh().catch(() => undefined);
      next();
    },
    async load(id: string, version?: number): Promise<ScormPackage | undefined> { return repo.get(id, version); },
    latest(id: string): Lesson | undefined {
      const found = all.filter((p) => p.id === id).sort((a, b) => b.version - a.version)[0];
      return found ? asLesson(found) : undefined;
    },
    get(id: string, version: number): Lesson | undefined {
      const found = all.find((p) => p.id === id && p.version === version);
      return found ? asLesson(found) : undefined;
    },
    /** Summaries for the library: packages shared with every school plus this school's own. */
    summaries(deploymentId: string): LessonSummary[] {
      return all.filter((p) => !p.deploymentId || p.deploymentId === deploymentId).map((p) => ({
        id: `${SCORM_LESSON_PREFIX}${p.id}`, version: p.version, code: 'SCORM',
        title: { en: p.title, vi: p.title }, summary: { en: asLesson(p).texts.en.summary!, vi: asLesson(p).texts.vi.summary! },
        ageBands: [], topics: ['scorm'], minutes: 0,
      }));
    },
  };
}
export type ScormLessons = ReturnType<typeof createScormLessons>;

/** Native lessons from modules/, SCORM packages as "scorm:<id>": one catalogue for launches. */
export function withScormLessons(catalog: Catalog, scorm: ScormLessons): Catalog {
  const split = (id: string) => (isScormLesson(id) ? id.slice(SCORM_LESSON_PREFIX.length) : undefined);
  return {
    list: () => catalog.list(),
    latest: (id) => { const s = split(id); return s ? scorm.latest(s) : catalog.latest(id); },
    get: (id, v) => { const s = split(id); return s ? scorm.get(s, v) : catalog.get(id, v); },
    get size() { return catalog.size; },
  };
}

export interface ScormRouteDeps {
  db: Db; dataDir: string; scorm: ScormLessons; learning: Learning; sessions: SessionTokens; views: ViewRenderer; i18n: I18n;
  kick(): void;
}

export function scormRoutes(deps: ScormRouteDeps) {
  const router = express.Router();
  router.use(scormCommitRoutes({
    db: deps.db,
    // A SCO keeps committing after the package completed (its Terminate on unload, a review):
    // store that state, but recordExternalResult leaves a submitted attempt's score alone.
    allowAfterSubmit: true,
    async authorize(req, attemptId) {
      const session = await deps.sessions.verify(tokenOf(req));
      if (session.role !== 'learner') throw new AppError('forbidden', 403, 'only the student commits an attempt');
      const attempt = await deps.learning.ownAttempt(attemptId, session.uid);
      if (attempt.assignmentId !== session.asg) throw new AppError('attempt_not_found', 404);
      return { userId: session.uid };
    },
    async onResult(attempt, _pkg, result) {
      const queued = await deps.learning.recordExternalResult(attempt.id, {
        percent: result.percent, completed: result.completion === 'completed', passed: result.success !== 'failed' && result.completion === 'completed',
        activityProgress: result.activityProgress, gradingProgress: result.gradingProgress,
      });
      if (queued) deps.kick();
    },
  }));

  router.use(scormUploadRoutes({
    db: deps.db, dataDir: deps.dataDir,
    onImported: () => deps.scorm.refresh(),
    async authorizeAdmin(req, res) {
      const session = await deps.sessions.verify(tokenOf(req));
      if (session.role !== 'admin') throw new AppError('forbidden', 403, 'SCORM import is for school administrators');
      res.locals.session = session;
      res.locals.token = tokenOf(req);
      await deps.scorm.refresh().catch(() => undefined);
      return { deploymentId: session.dep };
    },
    renderPage(req, res, page, model) {
      const locale = requestLocale(req, res);
      return deps.views.render(page, model, {
        locale, title: deps.i18n.getFixedT(locale)('scorm:upload.title'), switcherUrl: switcherUrl(req), sessionToken: res.locals.token,
      });
    },
  }));
  return router;
}

/** The SCORM player page for a "scorm:<id>" attempt (the /play route hands over to this). */
export async function renderScormPlayer(deps: { db: Db; scorm: ScormLessons; views: ViewRenderer; i18n: I18n }, req: Request, res: Response, attempt: { id: string; userId: string; lessonId: string; lessonVersion: number; status: string }) {
  const pkg = await deps.scorm.load(attempt.lessonId.slice(SCORM_LESSON_PREFIX.length), attempt.lessonVersion);
  if (!pkg) throw new AppError('lesson_unknown', 404, 'the SCORM package of this activity is no longer installed');
  const locale = requestLocale(req, res);
  const model = buildScormPlayerModel({
    pkg, attemptId: attempt.id, token: res.locals.token!, states: await createScoStateRepository(deps.db).forAttempt(attempt.id),
    learner: { id: attempt.userId }, credit: attempt.status !== 'submitted', mode: attempt.status === 'submitted' ? 'review' : 'normal',
  });
  res.type('html').send(deps.views.render('pages/scorm-player', model, { locale, title: pkg.title, switcherUrl: switcherUrl(req) }));
}

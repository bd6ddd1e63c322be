/**
 * Composition root: builds every service from its dependencies and returns the Express app
 * without listening (supertest drives it directly). Nothing here runs at import time.
 */
import express from 'express';
import type { Config } from './config';
import type { Database } from './db';
import { createSealer, loadEncryptionKey } from './db';
import type { Catalog } from './catalog';
import type { I18n } from './i18n';
import type { Logger } from './logger';
import { projectPaths, type ProjectPaths } from './paths';
import {
  createKeysetCache, createLoginStateRepository, createPlatformRepository, createServicesClient,
  createSessionTokens, createToolKeys,
} from './lti';
import { createGradeSyncRepository, createGradeWorker } from './grades';
import { createLearning } from './learning';
import { requestContext } from './web/request-context';
import { rateLimit } from './web/rate-limit';
import { errorHandler, notFoundHandler } from './web/error-handler';
import { frameAncestorsSource, securityHeaders } from './web/security';
import { healthRoutes } from './web/health.routes';
import { ltiRoutes } from './web/lti.routes';
import { registrationRoutes } from './web/registration.routes';
import { playerRoutes } from './web/player.routes';
import { teacherRoutes } from './web/teacher.routes';
import { schoolRoutes } from './web/school.routes';
import { lessonAssetRoutes } from './web/lesson-assets.routes';
import { libraryRoutes } from './web/library.routes';
import { publicPageRoutes } from './web/pages.routes';
import { createViewRenderer } from './web/views';
import { createStaticAssets } from './web/static-assets';
import { compression } from './web/compression';
import { createScormLessons, scormRoutes, withScormLessons } from './web/scorm-integration';
import { scormAgainDistFile, scormContentRoutes } from './scorm';
import { createAdminRouter } from './admin';
import { operatorReportRoutes } from './web/operator.routes';

export interface AppDeps {
  config: Config;
  logger: Logger;
  database: Database;
  catalog: Catalog;
  i18n: I18n;
  paths?: ProjectPaths;
  /** Extra routers mounted before the 404 handler (the demo LMS at /demo). */
  mounts?: Array<{ path: string; router: express.Router }>;
  /** For tests: deterministic item draws. */
  random?: () => number;
  /** For tests: keyset cache refresh interval. */
  keysetMinRefreshMs?: number;
  /** Report queries go here when set (a read replica, READ_DATABASE_URL). */
  reportDatabase?: Database;
  /** Per-IP rate limit of /lti/login and /lti/launch. */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** Timeout of calls to LMS services (token, AGS, NRPS). */
  servicesTimeoutMs?: number;
}

export async function createApp(deps: AppDeps) {
  const { config, logger, database, catalog, i18n } = deps;
  const paths = deps.paths ?? projectPaths();
  const db = database.db;
  const sealer = createSealer(loadEncryptionKey(config.encryptionKey, config.dataDir));
  const keys = createToolKeys(db, sealer);
  await keys.ensure();
  const platforms = createPlatformRepository(db);
  const states = createLoginStateRepository(db);
  const keysets = createKeysetCache({ minRefreshMs: deps.keysetMinRefreshMs });
  const sessions = createSessionTokens(keys.sessionSecret);
  const services = createServicesClient({ keys, timeoutMs: deps.servicesTimeoutMs });
  const grades = createGradeSyncRepository(db);
  // SCORM packages are lessons too ("scorm:<id>"): one catalogue for launches, attempts and views.
  const scorm = createScormLessons(db);
  await scorm.refresh();
  const lessons = withScormLessons(catalog, scorm);
  const learning = createLearning({ db, catalog: lessons, grades, random: deps.random });
  const worker = createGradeWorker({ db, repo: grades, services, logger, platformFor: async (deploymentId) => {
    const [row] = (await platforms.list()).filter((p) => p.deployments.some((d) => d.id === deploymentId));
    return row;
  } });
  // public/ hashed once at start (re-read on change outside production): pages link to
  // /static/<file>?v=<hash>, which is cached for a year.
  const assets = createStaticAssets({ dir: paths.public, watch: config.env !== 'production' });
  const views = createViewRenderer({ viewsDir: paths.views, i18n, cache: config.env === 'production', assetUrl: assets.url });
  const ancestors = frameAncestorsSource(platforms);
  let draining = false;

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.use(requestContext(logger));
  // brotli/gzip for text responses over 1 KB; /static serves its own precompressed copies.
  app.use(compression());
  app.use(ancestors.middleware());
  app.use(securityHeaders(ancestors.current, config.publicUrl.startsWith('https:')));
  app.use((_req, res, next) => {
    if (draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(scorm.middleware());
  app.use('/static', assets.handler());
  app.use(lessonAssetRoutes({ catalog }));
  app.use(publicPageRoutes({ views, i18n, retentionDays: config.retentionDays }));
  app.use(healthRoutes({ database, catalog, draining: () => draining }));
  // A school's whole class often shares one NAT address, so the buckets are generous: they stop
  // floods, not classes. Tests and benchmarks raise them through AppDeps.
  const limit = deps.rateLimit ?? { capacity: 300, refillPerSecond: 5 };
  app.use('/lti/login', rateLimit('login', limit));
  app.use('/lti/launch', rateLimit('launch', limit));
  app.use('/lti/register', rateLimit('registration', { capacity: 20, refillPerSecond: 0.2 }));
  app.use('/lti', ltiRoutes({ db, catalog: lessons, learning, platforms, states, keysets, keys, sessions, publicUrl: config.publicUrl, views, i18n, onOriginsLearned: ancestors.learn }));
  app.use('/lti', registrationRoutes({ db, views, i18n, publicUrl: config.publicUrl, allowHttpLoopback: config.env !== 'production', onRegistered: ancestors.invalidate }));
  app.use(playerRoutes({ learning, sessions, views, i18n, grades, worker, scorm: { db, scorm } }));
  app.use(scormContentRoutes({ dataDir: config.dataDir, scormAgainFile: scormAgainDistFile(paths.root), contentOrigin: config.scormContentOrigin, toolOrigin: config.publicUrl }));
  app.use(scormRoutes({ db, dataDir: config.dataDir, scorm, learning, sessions, views, i18n, kick: () => worker.kick() }));
  app.use(teacherRoutes({ db, learning, grades, sessions, views, i18n, worker, platforms, services }));
  app.use(libraryRoutes({ catalog: lessons, extraLessons: (deploymentId) => scorm.summaries(deploymentId), sessions, views, i18n, keys, platforms, publicUrl: config.publicUrl }));
  app.use(schoolRoutes({ db, reportDb: deps.reportDatabase?.db, sessions, views, i18n, catalog: lessons }));
  app.use('/admin', createAdminRouter({
    db, views, i18n, logger, platforms, worker,
    config: { publicUrl: config.publicUrl, https: config.publicUrl.startsWith('https:') },
    onPlatformsChanged: () => ancestors.invalidate(),
    protectedRoutes: [operatorReportRoutes({ platforms, sessions })],
  }));
  for (const m of deps.mounts ?? []) app.use(m.path, m.router);
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/img/shield.svg'));
  app.get('/', (_req, res) => res.redirect(302, config.demoLms ? '/demo' : '/healthz'));
  app.use(notFoundHandler());
  app.use(errorHandler({ i18n, views }));

  return {
    app,
    worker,
    platforms,
    keys,
    services,
    grades,
    learning,
    scorm,
    /** Registers (or updates) a platform and one deployment, as the CLI and the demo LMS do. */
    async registerPlatform(input: { issuer: string; clientId: string; name: string; authUrl: string; tokenUrl: string; keysetUrl: string; deploymentId: string; deploymentName?: string }) {
      const p = await platforms.upsert(input);
      await platforms.addDeployment(p.id, input.deploymentId, input.deploymentName);
      ancestors.invalidate();
      return p;
    },
    startDraining() { draining = true; },
  };
}
export type App = Awaited<ReturnType<typeof createApp>>;

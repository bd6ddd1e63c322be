/**
 * The operator's admin console, an Express router mounted at /admin (issue 5 "Who gets in",
 * issue 7 "Operators see sync health"). A first-party page with its own cookie session; see
 * admin-web.ts for the guards and headers, the *.routes.ts files for the pages.
 */
import express from 'express';
import type { Db } from '../db';
import type { I18n } from '../i18n';
import type { Logger } from '../logger';
import type { PlatformRepository } from '../lti';
import { createAccountRepository } from './account.repository';
import { createAdminAuth } from './admin-auth';
import { adminErrorHandler } from './admin-errors';
import { adminHeaders, adminLocale, createPageRenderer, loadSession, requireAdmin, type ViewRendererLike } from './admin-web';
import { accountRoutes } from './accounts.routes';
import { authRoutes } from './auth.routes';
import { createGradeHealthRepository, type GradeSyncHealth } from './grade-health.repository';
import { gradeHealthRoutes } from './grade-health.routes';
import { createLoginLimiter, type LimiterOptions } from './login-limiter';
import { platformRoutes } from './platform.routes';
import { createSessionRepository } from './session.repository';

export interface AdminRouterDeps {
  db: Db;
  views: ViewRendererLike;
  i18n: I18n;
  config: { publicUrl: string; https: boolean };
  platforms: PlatformRepository;
  /** Grade-sync health; defaults to queries on grade_sync in this database. */
  gradeSyncs?: GradeSyncHealth;
  logger: Logger;
  /** Woken after "retry failed" so the rows go out at once instead of at the next poll. */
  worker?: { kick(): void };
  /** Called after a platform is registered or removed (the app refreshes frame-ancestors). */
  onPlatformsChanged?: () => void;
  /** Login rate limits (tests shorten nothing; defaults: 5 per account, 20 per IP, 15 min). */
  limits?: LimiterOptions;
  /**
   * Routers mounted behind the console's sign-in guard (e.g. the school report for operators at
   * /deployments/:id/report); their handlers find the operator in res.locals.admin.
   */
  protectedRoutes?: express.Router[];
}

export function createAdminRouter(deps: AdminRouterDeps): express.Router {
  const accounts = createAccountRepository(deps.db);
  const sessions = createSessionRepository(deps.db);
  const limiter = createLoginLimiter(deps.db, deps.limits);
  const auth = createAdminAuth({ accounts, sessions, limiter, logger: deps.logger });
  const health = deps.gradeSyncs ?? createGradeHealthRepository(deps.db);
  const render = createPageRenderer(deps.views, deps.i18n);
  const secure = deps.config.https;

  const router = express.Router();
  router.use(adminHeaders(secure));
  router.use(adminLocale(secure));
  router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 }));
  router.use(loadSession(sessions));
  router.use(authRoutes({ auth, render, secure }));
  // Everything below needs a signed-in operator.
  router.use(requireAdmin);
  router.use(platformRoutes({ platforms: deps.platforms, health, render, i18n: deps.i18n, logger: deps.logger, onPlatformsChanged: deps.onPlatformsChanged }));
  router.use(gradeHealthRoutes({ health, render, logger: deps.logger, worker: deps.worker }));
  router.use(accountRoutes({ accounts, render, logger: deps.logger }));
  for (const r of deps.protectedRoutes ?? []) router.use(r);
  router.use(adminErrorHandler({ i18n: deps.i18n, render }));
  return router;
}

/**
 * LTI Dynamic Registration 1.0, tool side (1EdTech lti-dr/v1p0 §3), mounted at /lti:
 * GET  /lti/register?openid_configuration=…&registration_token=…  (§3.3 initiation) → reads
 *      the platform's configuration (§3.4) and shows the LMS admin what will be registered;
 * POST /lti/register  (the admin's "Register", with the one-time confirmation token) → sends
 *      the registration (§3.5), stores platform + deployment only when the platform accepted it,
 *      then a page that tells the LMS to close the registration window (§3.7).
 * Failures are localized pages with a request id; they store nothing.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db';
import type { I18n } from '../i18n';
import { createPlatformRepository } from '../lti';
import {
  buildRegistrationRequest, fetchPlatformConfiguration, platformName, RegistrationError, sendRegistration,
} from '../lti/registration';
import { createRegistrationSessions, type RegistrationSessions } from '../lti/registration-sessions';
import { confirmModel } from '../lti/registration.view-model';
import { requestLocale, switcherUrl } from './locale';
import type { ViewRenderer } from './views';

export interface RegistrationRouteDeps {
  db: Db;
  views: ViewRenderer;
  i18n: I18n;
  publicUrl: string;
  /** Outside production: http:// is accepted for loopback platforms (the demo LMS, tests). */
  allowHttpLoopback: boolean;
  /** Called after a platform was stored (the frame-ancestors list must learn its origin). */
  onRegistered?: () => void;
  timeoutMs?: number;
  sessions?: RegistrationSessions;
}

const StartQuery = z.object({
  openid_configuration: z.string().min(1).max(2048),
  registration_token: z.string().min(1).max(8192).optional(),
});
const ConfirmBody = z.object({
  session: z.string().min(1).max(64),
  token: z.string().min(1).max(128),
  names: z.enum(['', 'yes']).optional(),
});

/** The LMS shows these pages in its own iframe: let exactly that LMS frame them. */
function allowFraming(res: Response, urls: Array<string | undefined>) {
  const origins = new Set<string>();
  for (const u of urls) {
    try { if (u && /^https?:/.test(u)) origins.add(new URL(u).origin); } catch { /* not a URL */ }
  }
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp !== 'string' || origins.size === 0) return;
  res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors 'self' ${[...origins].join(' ')}`));
}

export function registrationRoutes(deps: RegistrationRouteDeps) {
  const router = express.Router();
  const sessions = deps.sessions ?? createRegistrationSessions();
  const fetchOpts = { allowHttpLoopback: deps.allowHttpLoopback, timeoutMs: deps.timeoutMs };
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  function page(req: Request, res: Response, name: string, model: object, titleKey: string, switcher = false) {
    const locale = requestLocale(req, res);
    const title = deps.i18n.getFixedT(locale)(titleKey);
    res.set('Cache-Control', 'no-store').type('html')
      .send(deps.views.render(name, model, { locale, title, switcherUrl: switcher ? switcherUrl(req) : undefined }));
  }

  router.get('/register', async (req, res) => {
    allowFraming(res, [typeof req.query.openid_configuration === 'string' ? req.query.openid_configuration : undefined]);
    const q = StartQuery.safeParse(req.query);
    if (!q.success) throw new RegistrationError('bad_request', 400, 'openid_configuration is required');
    const config = await fetchPlatformConfiguration(q.data.openid_configuration, q.data.registration_token, fetchOpts);
    allowFraming(res, [q.data.openid_configuration, config.issuer]);
    const { id, token } = sessions.create({ configUrl: q.data.openid_configuration, config, registrationToken: q.data.registration_token });
    const locale = requestLocale(req, res);
    const model = confirmModel(deps.publicUrl, config, q.data.openid_configuration, deps.i18n.getFixedT(locale));
    res.locals.log.info({ issuer: config.issuer, product: model.platform.product }, 'registration offered');
    page(req, res, 'pages/registration-confirm', { ...model, action: `/lti/register?lang=${locale}`, session: id, token }, 'registration:confirm.title', true);
  });

  router.post('/register', form, async (req, res) => {
    const b = ConfirmBody.safeParse(req.body ?? {});
    const pendingPeek = b.success ? sessions.peek(b.data.session) : undefined;
    allowFraming(res, [pendingPeek?.configUrl, pendingPeek?.config.issuer]);
    if (!b.success) throw new RegistrationError('session_expired', 400, 'confirmation form incomplete');
    // One-time: the session is consumed here, before any network call, so a replay finds nothing.
    const pending = sessions.take(b.data.session, b.data.token);
    if (!pending) throw new RegistrationError('session_expired', 400, 'unknown, used or expired confirmation token');
    const t = deps.i18n.getFixedT(requestLocale(req, res));
    const request = buildRegistrationRequest(deps.publicUrl, pending.config, { names: b.data.names === 'yes', description: t('registration:tool.description') });
    const { clientId, deploymentId } = await sendRegistration(pending.config, request, pending.registrationToken, fetchOpts);
    const c = pending.config;
    const name = platformName(c);
    try {
      await deps.db.transaction(async (tx) => {
        const repo = createPlatformRepository(tx as unknown as Db);
        const p = await repo.upsert({ issuer: c.issuer, clientId, name, authUrl: c.authorization_endpoint, tokenUrl: c.token_endpoint, keysetUrl: c.jwks_uri });
        await repo.addDeployment(p.id, deploymentId, name);
      });
    } catch (e) {
      res.locals.log.error({ err: (e as Error).message }, 'registration could not be stored');
      throw new RegistrationError('store_failed', 500, 'the registration could not be stored');
    }
    deps.onRegistered?.();
    res.locals.log.info({ issuer: c.issuer, clientId, deploymentId, names: b.data.names === 'yes' }, 'platform registered dynamically');
    page(req, res, 'pages/registration-done', { platform: name, clientId, deploymentId }, 'registration:done.title');
  });

  router.all('/register', () => { throw new RegistrationError('bad_request', 405, 'GET or POST only'); });

  // Registration failures get their own localized page (the strings live in this area's namespace).
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof RegistrationError) || res.headersSent) return next(err);
    if (err.status >= 500) res.locals.log.error({ code: err.code, detail: err.message }, 'registration failed');
    else res.locals.log.warn({ code: err.code, detail: err.message }, 'registration refused');
    res.status(err.status);
    page(req, res, 'pages/registration-error', { status: err.status, code: err.code, requestId: res.locals.requestId }, `registration:errors.${err.code}.title`);
  });
  return router;
}

/** Sign-in and sign-out of the console. */
import crypto from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { AppError } from '../errors';
import type { AdminAuth } from './admin-auth';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, clearCookie, readCookie, setCookie } from './admin-cookies';
import { LoginForm } from './admin.schemas';
import { ABSOLUTE_HOURS } from './session.repository';
import { requireAdmin, requireCsrf, safeNext, sameToken, type createPageRenderer } from './admin-web';

type Render = ReturnType<typeof createPageRenderer>;

export function authRoutes(deps: { auth: AdminAuth; render: Render; secure: boolean }) {
  const router = express.Router();
  const cookie = { secure: deps.secure };

  /** The login form's CSRF token lives in a SameSite=Strict cookie, so a cross-site post lacks it. */
  function loginToken(req: Request, res: Response): string {
    const existing = readCookie(req, LOGIN_CSRF_COOKIE);
    if (existing) return existing;
    const token = crypto.randomBytes(32).toString('base64url');
    setCookie(res, LOGIN_CSRF_COOKIE, token, { ...cookie, maxAgeSeconds: 3600 });
    return token;
  }

  function page(req: Request, res: Response, model: { email?: string; next?: string; error?: string; retryAfter?: number }, status = 200) {
    deps.render(req, res, 'admin-login', 'admin:login.title', { ...model, loginCsrf: loginToken(req, res), next: safeNext(model.next) }, status);
  }

  router.get('/login', (req, res) => {
    if (res.locals.admin) return res.redirect(303, safeNext(req.query.next));
    page(req, res, { next: typeof req.query.next === 'string' ? req.query.next : undefined });
  });

  router.post('/login', async (req, res) => {
    const body = LoginForm.safeParse(req.body ?? {});
    const form = body.success ? body.data : { email: '', password: '', _csrf: undefined };
    const next = typeof (req.body as { next?: unknown })?.next === 'string' ? (req.body as { next: string }).next : undefined;
    if (!sameToken(form._csrf, readCookie(req, LOGIN_CSRF_COOKIE))) throw new AppError('csrf_invalid', 403, 'login form token missing or wrong');
    const result = await deps.auth.login({ email: form.email, password: form.password, ip: req.ip ?? 'unknown', previousSessionId: readCookie(req, SESSION_COOKIE) });
    if (!result.ok && result.reason === 'rate_limited') {
      res.setHeader('Retry-After', String(result.retryAfter));
      return page(req, res, { email: form.email, next, error: 'rateLimited', retryAfter: Math.ceil(result.retryAfter / 60) }, 429);
    }
    if (!result.ok) return page(req, res, { email: form.email, next, error: 'invalid' }, 401);
    setCookie(res, SESSION_COOKIE, result.session.id, { ...cookie, maxAgeSeconds: ABSOLUTE_HOURS * 3600 });
    clearCookie(res, LOGIN_CSRF_COOKIE, cookie);
    res.redirect(303, safeNext(next));
  });

  router.post('/logout', requireAdmin, requireCsrf, async (_req, res) => {
    const admin = res.locals.admin!;
    await deps.auth.logout(admin.sessionId, admin.accountId);
    clearCookie(res, SESSION_COOKIE, cookie);
    res.redirect(303, '/admin/login');
  });

  return router;
}

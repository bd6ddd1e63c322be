/**
 * HTTP plumbing shared by the console's routes: headers, locale, session loading, the two guards
 * (authenticated, CSRF) and page rendering. Authorization for /admin is decided here only.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';
import { isUiLocale, negotiateLocale, type I18n, type UiLocale } from '../i18n';
import { LANG_COOKIE, SESSION_COOKIE, readCookie, setCookie } from './admin-cookies';
import type { LiveSession, SessionRepository } from './session.repository';

declare module 'express-serve-static-core' {
  interface Locals { admin?: LiveSession & { sessionId: string }; adminLocale?: UiLocale }
}

export interface ViewRendererLike {
  render(page: string, model: object, ctx: { locale: UiLocale; title: string; switcherUrl?: (lng: string) => string }): string;
}

/**
 * The console is never framed (clickjacking) and its forms only post to itself; the tool's
 * global policy allows LMS frame ancestors and any form action, which the LTI pages need.
 */
export function adminHeaders(https: boolean) {
  const csp = [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-store'); // console pages list accounts and platforms
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  };
}

/** Locale: ?lang= (the switcher, remembered in a cookie) → that cookie → Accept-Language. */
export function adminLocale(secure: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const q = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    if (isUiLocale(q)) setCookie(res, LANG_COOKIE, q, { secure, maxAgeSeconds: 365 * 86400 });
    res.locals.adminLocale = negotiateLocale(isUiLocale(q) ? q : undefined, readCookie(req, LANG_COOKIE), req.get('accept-language'));
    next();
  };
}

export function loadSession(sessions: SessionRepository) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = readCookie(req, SESSION_COOKIE);
    const live = id ? await sessions.find(id) : undefined;
    if (live && id) res.locals.admin = { ...live, sessionId: id };
    next();
  };
}

/** Pages (GET) send a signed-out operator to the login page; anything else gets 401. */
export function requireAdmin(req: Request, res: Response, next: NextFunction) {
  if (res.locals.admin) return next();
  if (req.method === 'GET' || req.method === 'HEAD') {
    const back = req.originalUrl.startsWith('/admin') ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    return res.redirect(303, `/admin/login${back}`);
  }
  throw new AppError('admin_auth_required', 401, 'admin session required');
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Synchronizer token: every POST of a signed-in operator carries the session's token. */
export function requireCsrf(req: Request, res: Response, next: NextFunction) {
  const sent = (req.body as { _csrf?: unknown } | undefined)?._csrf;
  if (!sameToken(typeof sent === 'string' ? sent : undefined, res.locals.admin?.csrfToken)) {
    throw new AppError('csrf_invalid', 403, 'missing or wrong CSRF token');
  }
  next();
}

/** Only same-site relative console paths are followed after login (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&%_.-]*)?$/.test(next) && !next.startsWith('/admin/login') ? next : '/admin';
}

export function switcher(req: Request) {
  return (lng: string) => {
    const url = new URL(req.originalUrl, 'http://x');
    url.searchParams.set('lang', lng);
    return `${url.pathname}${url.search}`;
  };
}

export function createPageRenderer(views: ViewRendererLike, i18n: I18n) {
  return (req: Request, res: Response, page: string, titleKey: string, model: object = {}, status = 200) => {
    const locale = res.locals.adminLocale ?? 'en';
    const t = i18n.getFixedT(locale);
    const admin = res.locals.admin;
    const nav = admin ? { email: admin.email, csrf: admin.csrfToken, current: page } : undefined;
    res.status(status).type('html').send(views.render(`pages/${page}`, { ...model, nav, csrf: admin?.csrfToken }, {
      locale, title: t(titleKey), switcherUrl: switcher(req),
    }));
  };
}

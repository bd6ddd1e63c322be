/**
 * Cookies of the console (no cookie-parser dependency: two cookies do not need one). The console
 * is a first-party page, never inside an LMS iframe, so a SameSite=Strict cookie scoped to
 * /admin is the right tool here, unlike the LTI pages which must work without cookies.
 */
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'fs_admin';
/** Login-form CSRF token (there is no session yet to hold it): a double-submit cookie. */
export const LOGIN_CSRF_COOKIE = 'fs_admin_login';
export const LANG_COOKIE = 'fs_admin_lang';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface CookieOpts { secure: boolean; maxAgeSeconds?: number }

export function setCookie(res: Response, name: string, value: string, opts: CookieOpts): void {
  const parts = [`${name}=${value}`, 'Path=/admin', 'HttpOnly', 'SameSite=Strict'];
  if (opts.secure) parts.push('Secure');
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  res.append('Set-Cookie', parts.join('; '));
}

export function clearCookie(res: Response, name: string, opts: CookieOpts): void {
  setCookie(res, name, '', { ...opts, maxAgeSeconds: 0 });
}

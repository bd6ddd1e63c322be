/**
 * The UI locale of a request: the user's choice (?lang=, or a form's `lang` field) → the
 * session's launch locale → Accept-Language. Nothing after the launch may rely on a cookie
 * (third-party cookies are blocked in LMS iframes), so the choice sticks only because every
 * internal link, form and redirect carries `lang` (test/integration/locale-sticks.test.ts).
 */
import type { Request, Response } from 'express';
import { negotiateLocale, type UiLocale } from '../i18n';

export function requestLocale(req: Request, res: Response): UiLocale {
  const q = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>).lang : undefined;
  return negotiateLocale(q, typeof body === 'string' ? body : undefined, res.locals.session?.lng, req.get('accept-language'));
}

/** The current URL with lang=<lng>, for the language switcher (keeps the session token). */
export function switcherUrl(req: Request) {
  return (lng: string) => {
    const url = new URL(req.originalUrl, 'http://x');
    url.searchParams.set('lang', lng);
    return `${url.pathname}${url.search}`;
  };
}

/** The UI locale of a request: ?lang= (the switcher) → the session's launch locale → Accept-Language. */
import type { Request, Response } from 'express';
import { negotiateLocale, type UiLocale } from '../i18n';

export function requestLocale(req: Request, res: Response): UiLocale {
  const q = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  return negotiateLocale(q, res.locals.session?.lng, req.get('accept-language'));
}

/** The current URL with lang=<lng>, for the language switcher (keeps the session token). */
export function switcherUrl(req: Request) {
  return (lng: string) => {
    const url = new URL(req.originalUrl, 'http://x');
    url.searchParams.set('lang', lng);
    return `${url.pathname}${url.search}`;
  };
}

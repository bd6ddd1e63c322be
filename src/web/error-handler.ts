/**
 * The only place errors become responses. AppErrors keep their status and code; anything else
 * is a 500 whose stack goes to the log, never to the user. API paths (and clients asking for
 * JSON) get RFC 9457 problem details; browsers get a localized HTML page. Both carry the
 * request id.
 */
import type { NextFunction, Request, Response } from 'express';
import type { I18n } from '../i18n';
import { AppError } from '../errors';
import type { ViewRenderer } from './views';
import { requestLocale } from './locale';

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || (!req.accepts('html') && !!req.accepts('json'));
}

export function errorHandler(deps: { i18n: I18n; views: ViewRenderer }) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = normalize(err);
    const log = res.locals.log;
    if (e.status >= 500) log?.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err), code: e.code }, 'request failed');
    else log?.warn({ code: e.code, detail: e.message }, 'request refused');
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    // Folders with their own namespace (SCORM: scorm:errors.<reason>) name it on the error.
    const key = (e as AppError & { i18nKey?: string }).i18nKey ?? `errors:${e.code}`;
    const title = t(`${key}.title`, { ...e.params, defaultValue: t(`errors:${statusCode(e.status)}.title`) });
    const detail = t(`${key}.detail`, { ...e.params, defaultValue: '' });
    if (e.status === 429 && e.params.retryAfter) res.setHeader('Retry-After', String(e.params.retryAfter));
    res.status(e.status);
    if (wantsJson(req)) {
      res.type('application/problem+json').send(JSON.stringify({
        type: `https://first-shield.org/problems/${e.code}`,
        title, status: e.status, detail: detail || undefined, code: e.code, requestId: res.locals.requestId,
      }));
      return;
    }
    try {
      res.type('html').send(deps.views.render('pages/error', { status: e.status, title, detail, requestId: res.locals.requestId }, { locale, title }));
    } catch (renderError) {
      log?.error({ err: (renderError as Error).message }, 'error page failed to render');
      res.type('text').send(`${e.status} ${title}\nRequest id: ${res.locals.requestId}`);
    }
  };
}

function statusCode(status: number): string {
  if (status === 404) return 'not_found';
  if (status === 403) return 'forbidden';
  if (status === 401) return 'session_invalid';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'bad_request';
}

function normalize(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const anyErr = err as { type?: string; status?: number; statusCode?: number };
  // body-parser and friends: malformed JSON, too large a body, wrong content encoding
  const status = anyErr?.status ?? anyErr?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status === 413 ? 'payload_too_large' : 'bad_request', status, anyErr.type ?? 'bad request');
  }
  return new AppError('internal', 500, 'internal error');
}

export function notFoundHandler() {
  return (_req: Request, _res: Response, next: NextFunction) => next(new AppError('not_found', 404, 'no such page'));
}

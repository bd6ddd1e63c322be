/**
 * Errors raised inside /admin become console pages (or problem JSON) with messages from the
 * admin namespace; anything that is not an AppError goes on to the tool's error middleware,
 * which logs it and answers 500 with a request id.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';
import type { I18n } from '../i18n';
import type { createPageRenderer } from './admin-web';

type Render = ReturnType<typeof createPageRenderer>;

export function adminErrorHandler(deps: { i18n: I18n; render: Render }) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof AppError) || res.headersSent) return next(err);
    res.locals.log?.warn({ code: err.code, status: err.status }, 'admin request refused');
    const t = deps.i18n.getFixedT(res.locals.adminLocale ?? 'en');
    const title = t(`admin:errors.${err.code}.title`, { defaultValue: t(`errors:${err.code}.title`, { defaultValue: t('errors:bad_request.title') }) });
    const detail = t(`admin:errors.${err.code}.detail`, { defaultValue: t(`errors:${err.code}.detail`, { defaultValue: '' }) });
    if (err.status === 429 && err.params.retryAfter) res.setHeader('Retry-After', String(err.params.retryAfter));
    if (!req.accepts('html') && req.accepts('json')) {
      res.status(err.status).type('application/problem+json').send(JSON.stringify({
        type: `https://first-shield.org/problems/${err.code}`, title, status: err.status, detail: detail || undefined, code: err.code, requestId: res.locals.requestId,
      }));
      return;
    }
    deps.render(req, res, 'admin-error', 'admin:errors.pageTitle', {
      title, detail, status: err.status, requestId: res.locals.requestId, signIn: err.status === 401,
    }, err.status);
  };
}

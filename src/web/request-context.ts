/**
 * Per-request id (echoed as X-Request-Id, shown on error pages, present on every log line) and
 * one access-log line per request. The path is logged without its query string, because the
 * query may carry a session token; no personal data is logged.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';

declare module 'express-serve-static-core' {
  interface Locals { requestId: string; log: Logger }
}

export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const line = { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.statusCode >= 500) res.locals.log.error(line, 'request');
      else if (req.path.startsWith('/static/') || req.path === '/healthz') res.locals.log.debug(line, 'request');
      else res.locals.log.info(line, 'request');
    });
    next();
  };
}

/**
 * Security headers. The tool lives in LMS iframes, so frame-ancestors names the origins of the
 * registered platforms (refreshed every minute) instead of 'none' or '*'; X-Frame-Options is
 * off because it cannot express that. No inline scripts: script-src 'self' only.
 */
import helmet from 'helmet';
import type { NextFunction, Request, Response } from 'express';
import type { PlatformRepository } from '../lti';

export function frameAncestorsSource(platforms: PlatformRepository, refreshMs = 60_000) {
  let origins: string[] = [];
  let fetchedAt = 0;
  let inflight: Promise<void> | undefined;
  async function refresh() {
    origins = await platforms.frameOrigins();
    fetchedAt = Date.now();
  }
  return {
    current: () => origins,
    invalidate: () => { fetchedAt = 0; },
    /** A launch just taught us new LMS origins: allow them at once (the next page is framed there). */
    learn: (more: string[]) => { origins = [...new Set([...origins, ...more])]; },
    middleware: () => async (_req: Request, _res: Response, next: NextFunction) => {
      if (Date.now() - fetchedAt > refreshMs) {
        inflight ??= refresh().finally(() => { inflight = undefined; });
        await inflight.catch(() => undefined);
      }
      next();
    },
  };
}

export function securityHeaders(ancestors: () => string[], https: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ['*'], // the demo LMS and deep-linking responses post to LMS origins
        frameSrc: ["'self'"],
        frameAncestors: ["'self'", ((_req: unknown, _res: unknown) => ancestors().join(' ') || "'self'") as never],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    xFrameOptions: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false, // the LMS may open the tool in a new window and keep a handle
    referrerPolicy: { policy: 'same-origin' }, // session tokens in URLs must not leak to other origins
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: false } : false,
  });
}

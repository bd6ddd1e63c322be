/**
 * A small in-memory rate limiter (token bucket per client IP and route group) for the
 * endpoints strangers can hammer: LTI login and launch. Over the limit the answer is 429 with
 * Retry-After, through the one error middleware. Per process: behind several instances, put
 * the same limit at the reverse proxy as well.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';

export interface RateLimitOptions { capacity: number; refillPerSecond: number; maxClients?: number }

export function rateLimit(name: string, opts: RateLimitOptions) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const maxClients = opts.maxClients ?? 50_000;
  return (req: Request, _res: Response, next: NextFunction) => {
    const key = req.ip ?? 'unknown';
    const now = Date.now();
    let b = buckets.get(key);
    if (!b) {
      if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value!); // oldest first: bounded memory
      b = { tokens: opts.capacity, at: now };
      buckets.set(key, b);
    }
    b.tokens = Math.min(opts.capacity, b.tokens + ((now - b.at) / 1000) * opts.refillPerSecond);
    b.at = now;
    if (b.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / opts.refillPerSecond));
      return next(new AppError('rate_limited', 429, `too many ${name} requests`, { retryAfter }));
    }
    b.tokens -= 1;
    next();
  };
}

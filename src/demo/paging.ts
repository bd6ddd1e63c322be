/**
 * `limit` paging with a `Link: <…>; rel="next"` header (AGS 2.0 §3.2.6, NRPS 2.0 §3.5). The page
 * number travels in the `page` query parameter of the next link; other filters are preserved.
 */
import type { Request, Response } from 'express';
import { withQuery } from './urls';

const MAX_LIMIT = 1000;

export function paginate<T>(items: T[], req: Request, res: Response, selfUrl: string, keep: Record<string, string | undefined>): T[] {
  const limit = positiveInt(req.query.limit);
  if (!limit) return items;
  const size = Math.min(limit, MAX_LIMIT);
  const page = positiveInt(req.query.page) ?? 1;
  const start = (page - 1) * size;
  const slice = items.slice(start, start + size);
  const links: string[] = [];
  if (start + size < items.length) links.push(`<${withQuery(selfUrl, { ...keep, limit: size, page: page + 1 })}>; rel="next"`);
  links.push(`<${withQuery(selfUrl, { ...keep, limit: size, page: 1 })}>; rel="first"`);
  res.set('Link', links.join(', '));
  return slice;
}

function positiveInt(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
}

export function queryString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

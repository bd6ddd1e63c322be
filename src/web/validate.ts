import type { z } from 'zod';
import { badRequest } from '../errors';

/** zod at the edge: a request that does not fit becomes a 400 naming the bad fields. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

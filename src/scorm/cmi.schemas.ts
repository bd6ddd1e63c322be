/**
 * zod at the commit edge: CMI is a JSON tree of strings, numbers, booleans and nulls with
 * bounded depth, key length, string length, array length and total size. scorm-again renders
 * the whole `cmi` object; its element values are validated by scorm-again in the browser, and
 * the server only reads the few elements the grade mapping needs.
 */
import { z } from 'zod';

export const CMI_MAX_BYTES = 256 * 1024;
const MAX_DEPTH = 8;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
/** No key anywhere that would reach an object's prototype when the CMI is copied (checked before zod, which drops __proto__ silently). */
export function hasReservedKey(v: unknown, depth = 0): boolean {
  if (depth > 64 || !v || typeof v !== 'object') return false;
  for (const k of Object.keys(v)) if (RESERVED.has(k) || hasReservedKey((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

export function withinDepth(v: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) return v.every((x) => withinDepth(x, depth + 1));
  if (v && typeof v === 'object') return Object.values(v).every((x) => withinDepth(x, depth + 1));
  return true;
}

// Keys become object properties: refuse the ones that would reach the prototype.
const Key = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/)
  .refine((k) => !['__proto__', 'constructor', 'prototype'].includes(k), { message: 'reserved key' });

const JsonValue: z.ZodType<Json> = z.lazy(() => z.union([
  z.string().max(65_536), z.number().finite(), z.boolean(), z.null(),
  z.array(JsonValue).max(1000),
  z.record(Key, JsonValue),
]));

export const CmiObject = z.record(Key, JsonValue)
  .refine((v) => withinDepth(v, 0), { message: `nested deeper than ${MAX_DEPTH} levels` })
  .refine((v) => Buffer.byteLength(JSON.stringify(v)) <= CMI_MAX_BYTES, { message: `larger than ${CMI_MAX_BYTES} bytes` });

/** JSON commits ({ cmi }) and beacon commits ({ s: token, cmi }); `terminate` marks LMSFinish/Terminate. */
export const CommitBody = z.object({
  cmi: CmiObject,
  terminate: z.boolean().optional(),
  s: z.string().max(4096).optional(),
}).strict();
export type CommitBody = z.infer<typeof CommitBody>;

export const AttemptIdParam = z.uuid();
export const ScoIdParam = z.string().min(1).max(200);

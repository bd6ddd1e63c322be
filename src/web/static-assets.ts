/**
 * Fingerprinted static files (public/). Every file is hashed by content when the app starts, and
 * templates link to `/static/<path>?v=<hash>` through the `{{asset}}` helper. A URL carrying the
 * current hash can be cached for a year (`immutable`: a phone on a slow network never revalidates
 * it); any other URL of the same file (no `v`, or an old hash from a page rendered before a deploy)
 * still gets the file, but with a short cache, since its content may change under that URL.
 *
 * Text files (CSS, JS, SVG, JSON) are compressed once, on first request per encoding, and kept in
 * memory: public/ is under 100 KB, so holding brotli and gzip copies costs little and saves the
 * per-request compression the dynamic middleware would do. Query-string fingerprints (rather than
 * renamed files) keep relative URLs inside CSS and scripts working unchanged.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import { negotiateEncoding, type Encoding } from './compression';

/** One year: the longest max-age caches honour (RFC 9111 §5.2.2.1 suggests at most a year). */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** For URLs without the current hash: short, so a fixed file reaches browsers within minutes. */
export const SHORT_CACHE = 'public, max-age=300';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.css', '.js', '.mjs', '.json', '.svg', '.txt']);
/** Below this, compression framing can cost more than it saves. */
const MIN_COMPRESS_BYTES = 1024;

interface Asset {
  file: string;
  body: Buffer;
  hash: string;
  type: string;
  compressible: boolean;
  mtimeMs: number;
  encoded: Partial<Record<Encoding, Buffer>>;
}

export interface StaticAssets {
  /** `/static/<rel>?v=<hash>`; an unknown path gets its plain URL (the integration test checks every template's references exist). */
  url(rel: string): string;
  /** The current content hash of a file, or undefined when public/ has no such file. */
  hash(rel: string): string | undefined;
  /** Express handler to mount at /static. */
  handler(): (req: Request, res: Response, next: NextFunction) => void;
}

/**
 * `watch`: re-read a file when its mtime changes (development, where public/ is edited while the
 * server runs); off in production, where the files are fixed for the life of the process.
 */
export function createStaticAssets(opts: { dir: string; watch: boolean }): StaticAssets {
  const root = path.resolve(opts.dir);
  const assets = new Map<string, Asset>();
  for (const file of walk(root)) assets.set(toRel(root, file), load(file));

  function current(rel: string): Asset | undefined {
    let a = assets.get(rel);
    if (!a && opts.watch && !rel.split('/').some((seg) => seg.startsWith('.'))) {
      // A file added while the dev server runs; resolve() plus the prefix check keeps `..` out.
      const file = path.resolve(root, rel);
      if (file.startsWith(root + path.sep) && isFile(file)) assets.set(rel, (a = load(file)));
    }
    if (a && opts.watch) {
      const stat = statOrUndefined(a.file);
      if (!stat) { assets.delete(rel); return undefined; }
      if (stat.mtimeMs !== a.mtimeMs) assets.set(rel, (a = load(a.file)));
    }
    return a;
  }

  function encodedBody(a: Asset, enc: Encoding): Buffer {
    return (a.encoded[enc] ??= enc === 'br'
      ? zlib.brotliCompressSync(a.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: a.body.length } })
      : zlib.gzipSync(a.body, { level: 9 }));
  }

  return {
    url(rel) {
      const a = current(rel);
      return a ? `/static/${rel}?v=${a.hash}` : `/static/${rel}`;
    },
    hash: (rel) => current(rel)?.hash,
    handler() {
      return (req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        let rel: string;
        try { rel = decodeURIComponent(req.path.replace(/^\/+/, '')); } catch { return next(); }
        const a = current(rel);
        if (!a) return next();
        const v = typeof req.query.v === 'string' ? req.query.v : undefined;
        res.setHeader('Cache-Control', v === a.hash ? IMMUTABLE_CACHE : SHORT_CACHE);
        res.setHeader('Content-Type', a.type);
        const useCompression = a.compressible && a.body.length >= MIN_COMPRESS_BYTES;
        if (useCompression) res.vary('Accept-Encoding');
        const enc = useCompression ? negotiateEncoding(req.get('accept-encoding')) : undefined;
        // Strong validators differ per encoding: the bytes differ (RFC 9110 §8.8.3).
        const etag = `"${a.hash}${enc ? `-${enc}` : ''}"`;
        res.setHeader('ETag', etag);
        if (fresh(req.get('if-none-match'), a.hash)) { res.status(304).end(); return; }
        const body = enc ? encodedBody(a, enc) : a.body;
        if (enc) res.setHeader('Content-Encoding', enc);
        res.setHeader('Content-Length', String(body.length));
        if (req.method === 'HEAD') { res.end(); return; }
        res.end(body);
      };
    },
  };
}

/** If-None-Match matches any encoding's ETag of the same content (or `*`). */
function fresh(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '');
    return tag === '*' || tag === `"${hash}"` || tag.startsWith(`"${hash}-`);
  });
}

function load(file: string): Asset {
  const body = fs.readFileSync(file);
  const ext = path.extname(file).toLowerCase();
  return {
    file,
    body,
    // 12 hex characters (48 bits): collisions between versions of one file are not a concern.
    hash: crypto.createHash('sha256').update(body).digest('hex').slice(0, 12),
    type: TYPES[ext] ?? 'application/octet-stream',
    compressible: COMPRESSIBLE.has(ext),
    mtimeMs: fs.statSync(file).mtimeMs,
    encoded: {},
  };
}

function toRel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return e.isFile() && !e.name.startsWith('.') ? [full] : [];
  });
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try { return fs.statSync(file); } catch { return undefined; }
}

function isFile(file: string): boolean {
  return statOrUndefined(file)?.isFile() ?? false;
}

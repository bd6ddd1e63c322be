/**
 * Response compression (brotli or gzip, by Accept-Encoding) for text responses: HTML, JSON and
 * problem JSON, CSS, JS, SVG, CSV. Written on node:zlib rather than the `compression` package:
 * it is small, it needs no new dependency, and it leaves alone what should not be transformed.
 *
 * Not compressed: bodies under the threshold (framing would outweigh the gain), HEAD, 1xx/204/304,
 * partial content (a byte range of a compressed body would be meaningless), responses that
 * already carry a Content-Encoding (the precompressed /static files), `Cache-Control:
 * no-transform`, and event streams (their point is to arrive as soon as written).
 *
 * The decision is taken when the headers go out (writeHead, which Node also calls implicitly on
 * the first write or end), because only then are Content-Type and Content-Length known.
 */
import zlib from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

export type Encoding = 'br' | 'gzip';

const COMPRESSIBLE_TYPE = /^\s*(text\/(?!event-stream)[\w.+-]+|application\/(?:[\w.-]+\+)?(?:json|xml)|application\/(?:javascript|ecmascript)|image\/svg\+xml)\s*(;|$)/i;

/** Whether a Content-Type is worth compressing (text, JSON, XML, JS, SVG). */
export function isCompressibleType(type: string | undefined): boolean {
  return !!type && COMPRESSIBLE_TYPE.test(type);
}

/**
 * Picks brotli or gzip from an Accept-Encoding header (RFC 9110 §12.5.3): q=0 refuses, `*` covers
 * codings not named, brotli wins ties because it is ~15–20 % smaller on our HTML and JS.
 */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)).find(Boolean);
    weights.set(name, q ? Number(q[1]) : 1);
  }
  const weight = (coding: string, alias?: string) => weights.get(coding) ?? (alias ? weights.get(alias) : undefined) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gzip = weight('gzip', 'x-gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return undefined;
}

type Chunk = string | Buffer | Uint8Array;

export function compression(opts: { threshold?: number } = {}) {
  const threshold = opts.threshold ?? 1024;
  return (req: Request, res: Response, next: NextFunction): void => {
    const write = res.write.bind(res) as (chunk: Chunk, encoding?: BufferEncoding) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    let stream: zlib.BrotliCompress | zlib.Gzip | undefined;
    let decided = false;
    /** Body length when the whole body arrives in end() and no Content-Length was set. */
    let endLength: number | undefined;

    function decide(): void {
      if (decided) return;
      decided = true;
      if (!isCompressibleType(String(res.getHeader('Content-Type') ?? ''))) return;
      // Caches must key compressible responses on Accept-Encoding even when this one is identity.
      res.vary('Accept-Encoding');
      const status = res.statusCode;
      if (req.method === 'HEAD' || status < 200 || status === 204 || status === 206 || status === 304) return;
      if (res.getHeader('Content-Range') !== undefined) return;
      const existing = res.getHeader('Content-Encoding');
      if (existing !== undefined && existing !== 'identity') return;
      if (/\bno-transform\b/i.test(String(res.getHeader('Cache-Control') ?? ''))) return;
      const declared = res.getHeader('Content-Length');
      const length = declared !== undefined ? Number(declared) : endLength;
      if (length !== undefined && length < threshold) return;
      const enc = negotiateEncoding(req.get('accept-encoding'));
      if (!enc) return;
      res.setHeader('Content-Encoding', enc);
      res.removeHeader('Content-Length');
      res.removeHeader('Accept-Ranges'); // ranges of the compressed bytes are not offered
      // Brotli quality 4 and gzip 6: per-request work stays around a millisecond for our pages.
      const s = enc === 'br'
        ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, ...(length ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: length } : {}) } })
        : zlib.createGzip({ level: 6 });
      stream = s;
      s.on('data', (chunk: Buffer) => { if (!write(chunk)) s.pause(); });
      s.on('end', () => { end(); });
      s.on('error', (err) => { res.destroy(err); });
      // Backpressure both ways: the socket drains → resume the compressor; the compressor
      // drains → tell whoever is piping into res (pipe() listens for 'drain' on res).
      res.on('drain', () => s.resume());
      s.on('drain', () => res.emit('drain'));
    }

    res.writeHead = function (statusCode: number, ...rest: unknown[]) {
      res.statusCode = statusCode;
      const message = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
      const headers = rest[0];
      if (Array.isArray(headers)) {
        decided = true; // raw header lists: pass through untouched rather than parse them
        return writeHead(statusCode, ...(message !== undefined ? [message] : []), headers);
      }
      // Headers given here would be written after our decision: fold them in first.
      if (headers && typeof headers === 'object') {
        for (const [k, v] of Object.entries(headers as Record<string, string | number | string[] | undefined>)) if (v !== undefined) res.setHeader(k, v);
      }
      decide();
      return message !== undefined ? writeHead(statusCode, message) : writeHead(statusCode);
    } as typeof res.writeHead;

    res.write = function (chunk: Chunk, encoding?: unknown, cb?: unknown) {
      if (!res.headersSent) res.writeHead(res.statusCode);
      if (!stream) return (write as (...a: unknown[]) => boolean)(chunk, encoding, cb);
      const callback = typeof encoding === 'function' ? encoding : cb;
      return stream.write(toBuffer(chunk, typeof encoding === 'string' ? encoding as BufferEncoding : undefined), callback as (() => void) | undefined);
    } as typeof res.write;

    res.end = function (...args: unknown[]) {
      const chunk = typeof args[0] === 'function' ? undefined : (args[0] as Chunk | undefined | null);
      const encoding = typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined;
      if (!res.headersSent) {
        if (res.getHeader('Content-Length') === undefined) endLength = chunk ? toBuffer(chunk, encoding).length : 0;
        res.writeHead(res.statusCode);
      }
      if (!stream) return end(...args);
      if (chunk) stream.end(toBuffer(chunk, encoding));
      else stream.end();
      return res;
    } as typeof res.end;

    next();
  };
}

function toBuffer(chunk: Chunk, encoding?: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding ?? 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

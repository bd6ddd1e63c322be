/**
 * Package files at /scorm-content/<package id>/v<version>/<path>, and the pinned scorm-again
 * build at /scorm-player/scorm-again-<version>.min.js (long cache: the URL changes with the pin).
 *
 * Package files are untrusted HTML. Each response carries its own CSP (replacing the tool's):
 * inline script allowed (SCOs need it), nothing loaded from other origins, a CSP `sandbox`
 * (allow-scripts allow-same-origin allow-forms allow-popups, the same as the player's iframe)
 * so a file opened on its own is sandboxed too, and frame-ancestors limited to the tool.
 * The tool keeps no cookie session (its session token travels in page meta and headers), so
 * same-origin content cannot ride a session; a separate content origin (contentOrigin, e.g.
 * SCORM_CONTENT_ORIGIN=https://content.school.example pointing at the same server) isolates it
 * fully: this router then answers only requests for that host, and the tool's origin 404s them.
 * No directory listings; paths are decoded once, normalised, and must stay in the version folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { packageDir } from './package-import';

export const SCORM_AGAIN_VERSION = '3.4.3';
export const SCORM_AGAIN_PATH = `/scorm-player/scorm-again-${SCORM_AGAIN_VERSION}.min.js`;
// allow-modals: SCOs ask "resume where you left off?" with confirm(); without it the browser
// answers no silently and the learner starts over.
export const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-modals';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.xhtml': 'application/xhtml+xml',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.xsd': 'application/xml', '.dtd': 'application/xml-dtd',
  '.txt': 'text/plain; charset=utf-8', '.vtt': 'text/vtt', '.csv': 'text/csv',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.bmp': 'image/bmp',
  '.mp3': 'audio/mpeg', '.m4a': 'audio/mp4', '.wav': 'audio/wav', '.ogg': 'audio/ogg', '.oga': 'audio/ogg',
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.webm': 'video/webm', '.ogv': 'video/ogg',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.otf': 'font/otf', '.eot': 'application/vnd.ms-fontobject',
  '.pdf': 'application/pdf', '.swf': 'application/x-shockwave-flash', '.wasm': 'application/wasm',
};

/** The pinned scorm-again browser build under a project root (projectPaths().root). */
export function scormAgainDistFile(projectRoot: string): string {
  return path.join(projectRoot, 'node_modules', 'scorm-again', 'dist', 'scorm-again.min.js');
}

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function contentCsp(frameAncestors: string[]): string {
  return [
    "default-src 'self' data: blob:",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:", "media-src 'self' data: blob:", "font-src 'self' data:",
    "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    `frame-ancestors 'self'${frameAncestors.length ? ` ${frameAncestors.join(' ')}` : ''}`,
    `sandbox ${IFRAME_SANDBOX}`,
  ].join('; ');
}

/** The URL of a package file (a SCO's launch URL is already percent-encoded). */
export function scormContentUrl(pkg: { id: string; version: number }, launch: string, contentOrigin?: string): string {
  return `${contentOrigin ? contentOrigin.replace(/\/$/, '') : ''}/scorm-content/${pkg.id}/v${pkg.version}/${launch}`;
}

export interface ContentRouteDeps {
  dataDir: string;
  /** node_modules/scorm-again/dist/scorm-again.min.js (resolved by the caller). */
  scormAgainFile: string;
  /** e.g. "https://content.school.example"; when set, package files are served only on that host. */
  contentOrigin?: string;
  /** The tool's own origin (PUBLIC_URL), allowed to frame package files from the content origin. */
  toolOrigin?: string;
  /** Cache lifetime of package files (immutable per version); default one day. */
  maxAgeSeconds?: number;
}

const Params = z.object({ packageId: z.uuid(), version: z.string().regex(/^v[1-9]\d{0,6}$/) });

export function scormContentRoutes(deps: ContentRouteDeps) {
  const router = express.Router();
  const contentHost = deps.contentOrigin ? new URL(deps.contentOrigin).host.toLowerCase() : undefined;
  const ancestors = deps.contentOrigin && deps.toolOrigin ? [new URL(deps.toolOrigin).origin] : [];
  const maxAge = deps.maxAgeSeconds ?? 86_400;

  router.get(SCORM_AGAIN_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type('text/javascript; charset=utf-8');
    res.sendFile(deps.scormAgainFile);
  });

  router.get('/scorm-content/:packageId/:version/*file', async (req: Request, res: Response) => {
    const notFound = () => { throw new AppError('not_found', 404, 'no such package file'); };
    if (contentHost && (req.get('host') ?? '').toLowerCase() !== contentHost) notFound();
    const p = Params.safeParse(req.params);
    if (!p.success) notFound();
    const segments = (req.params as unknown as { file: string[] }).file;
    if (!Array.isArray(segments) || segments.some((s) => s === '..' || s.includes('\0') || s.includes('\\'))) notFound();
    const rel = path.posix.normalize(segments.filter((s) => s !== '' && s !== '.').join('/'));
    const root = path.resolve(packageDir(deps.dataDir, p.data!.packageId, Number(p.data!.version.slice(1))));
    const abs = path.resolve(root, rel);
    if (!rel || rel.startsWith('..') || !abs.startsWith(root + path.sep)) notFound();
    const stat = await fs.promises.lstat(abs).catch(() => undefined);
    if (!stat?.isFile()) notFound(); // directories (no listings), symlinks and missing files alike
    res.setHeader('Content-Security-Policy', contentCsp(ancestors));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
    res.setHeader('Cache-Control', `public, max-age=${maxAge}`);
    res.type(contentType(abs));
    await new Promise<void>((resolve, reject) => {
      res.sendFile(rel, { root, dotfiles: 'allow', lastModified: true, headers: {} }, (err) => (err && !res.headersSent ? reject(err) : resolve()));
    });
  });

  return router;
}

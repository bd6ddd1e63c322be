/**
 * Static files and the player's weight on the wire: pages link to fingerprinted /static URLs
 * (content hash), those are cached for a year as immutable and others briefly, responses are
 * compressed by Accept-Encoding, revalidation answers 304, and the player's first load (HTML +
 * every CSS/JS it references, lesson images excluded) stays under 150 KB compressed.
 *
 * Requests go over a real loopback socket with node:http, not supertest: supertest decompresses
 * bodies, and this test is about the bytes that actually travel.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';
import { projectPaths } from '../../src/paths';

const paths = projectPaths();
const BUDGET_BYTES = 150 * 1024;
const IMMUTABLE = 'public, max-age=31536000, immutable';

let h: Harness;
let server: http.Server;
let base: string;
beforeAll(async () => {
  h = await createHarness();
  server = h.tool.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await h?.close();
});

interface Raw { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** One request; the body exactly as received (still compressed). */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${url}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(r: Raw): Buffer {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(r.body);
  if (enc === 'gzip') return zlib.gunzipSync(r.body);
  if (enc) throw new Error(`unexpected content-encoding ${enc}`);
  return r.body;
}

const fileHash = (rel: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(paths.public, rel))).digest('hex').slice(0, 12);

/** A learner's B-3 player page URL, through a real LTI launch on the loopback platform. */
async function playerUrl(): Promise<string> {
  const { res } = await launch(h, { claims: { sub: 'static-assets-learner' } });
  expect(res.status).toBe(303);
  return sessionFrom(res.headers.location!).url;
}

/** Every /static URL of link href / script src (and img src) in a page. */
function staticRefs(html: string): { css: string[]; js: string[]; other: string[] } {
  const attr = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!).filter((u) => u.startsWith('/static/'));
  return {
    css: attr(/<link[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g),
    js: attr(/<script[^>]*\bsrc="([^"]+)"/g),
    other: [...attr(/<link[^>]*\brel="icon"[^>]*\bhref="([^"]+)"/g), ...attr(/<img[^>]*\bsrc="([^"]+)"/g)],
  };
}

describe('fingerprinted URLs', () => {
  it('the player page links every CSS/JS file with the hash of its current content', async () => {
    const page = await raw(await playerUrl(), { 'Accept-Encoding': 'identity' });
    expect(page.status).toBe(200);
    const refs = staticRefs(page.body.toString('utf8'));
    expect(refs.css.length).toBeGreaterThanOrEqual(1);
    expect(refs.js.length).toBeGreaterThanOrEqual(1);
    for (const u of [...refs.css, ...refs.js, ...refs.other]) {
      const m = /^\/static\/([^?]+)\?v=([0-9a-f]{12})$/.exec(u);
      expect({ url: u, fingerprinted: !!m }).toEqual({ url: u, fingerprinted: true });
      expect(m![2]).toBe(fileHash(m![1]!));
    }
    expect(page.body.toString('utf8')).not.toMatch(/\/static\/[^"?]+"/); // no un-hashed /static URL at all
  });

  it('every template outside the demo LMS links public/ files through {{asset}}, and each one exists', () => {
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? walk(full) : e.name.endsWith('.hbs') ? [full] : [];
    });
    const templates = walk(paths.views).filter((f) => !path.relative(paths.views, f).startsWith(`demo${path.sep}`));
    const used = new Set<string>();
    for (const file of templates) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file: path.relative(paths.views, file), literal: text.match(/(?:href|src)="\/static\/[^"]*"/g) ?? [] })
        .toEqual({ file: path.relative(paths.views, file), literal: [] });
      for (const m of text.matchAll(/\{\{asset "([^"]+)"\}\}/g)) used.add(m[1]!);
    }
    const missing = [...used].filter((rel) => !fs.existsSync(path.join(paths.public, rel)));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(5);
  });
});

describe('caching', () => {
  const rel = 'css/app.css';
  it('a URL with the current hash is immutable for a year; without it or with an old one, briefly cached', async () => {
    const hashed = await raw(`/static/${rel}?v=${fileHash(rel)}`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe(IMMUTABLE);
    for (const url of [`/static/${rel}`, `/static/${rel}?v=000000000000`]) {
      const r = await raw(url);
      expect(r.status).toBe(200); // an old page still gets the file after a deploy
      expect(r.headers['cache-control']).toBe('public, max-age=300');
      expect(decode(r).equals(fs.readFileSync(path.join(paths.public, rel)))).toBe(true);
    }
  });

  it('answers 304 to If-None-Match with the ETag of any encoding of the same content', async () => {
    const br = await raw(`/static/${rel}?v=${fileHash(rel)}`, { 'Accept-Encoding': 'br' });
    const plain = await raw(`/static/${rel}?v=${fileHash(rel)}`, { 'Accept-Encoding': 'identity' });
    expect(br.headers.etag).toBe(`"${fileHash(rel)}-br"`);
    expect(plain.headers.etag).toBe(`"${fileHash(rel)}"`);
    const again = await raw(`/static/${rel}`, { 'Accept-Encoding': 'gzip', 'If-None-Match': br.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['cache-control']).toBe('public, max-age=300');
    const changed = await raw(`/static/${rel}`, { 'If-None-Match': '"0123456789ab"' });
    expect(changed.status).toBe(200);
  });

  it('unknown files and paths escaping public/ are 404', async () => {
    expect((await raw('/static/css/nope.css')).status).toBe(404);
    expect((await raw('/static/..%2Fpackage.json')).status).toBe(404);
    expect((await raw('/static/%2e%2e/package.json')).status).toBe(404);
  });
});

describe('compression', () => {
  const rel = 'js/player.js';
  const file = () => fs.readFileSync(path.join(paths.public, rel));

  it.each([
    ['br', 'br'], ['gzip', 'gzip'], ['gzip, deflate, br', 'br'], ['br;q=0, gzip', 'gzip'], ['*', 'br'], ['identity', undefined], ['', undefined],
  ])('static JS with Accept-Encoding "%s" → %s', async (accept, expected) => {
    const r = await raw(`/static/${rel}?v=${fileHash(rel)}`, accept ? { 'Accept-Encoding': accept } : {});
    expect(r.headers['content-encoding']).toBe(expected);
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(decode(r).equals(file())).toBe(true);
    if (expected) expect(r.body.length).toBeLessThan(file().length / 2);
  });

  it('HEAD sends the headers of GET and no body', async () => {
    const r = await raw(`/static/${rel}?v=${fileHash(rel)}`, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.body.length).toBe(0);
  });

  it('compresses the rendered player page by Accept-Encoding', async () => {
    const url = await playerUrl();
    const plain = await raw(url, { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const enc of ['br', 'gzip']) {
      const r = await raw(url, { 'Accept-Encoding': enc });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe(enc);
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(r.headers['content-length']).toBeUndefined();
      // Same page (the CSP nonce differs per response).
      expect(decode(r).toString('utf8').replace(/nonce="[^"]*"/g, '')).toBe(plain.body.toString('utf8').replace(/nonce="[^"]*"/g, ''));
      expect(r.body.length).toBeLessThan(plain.body.length / 3);
    }
  });

  it('leaves small responses alone (under 1 KB)', async () => {
    const r = await raw('/healthz', { 'Accept-Encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.body.length).toBeLessThan(1024);
    expect(r.headers['content-encoding']).toBeUndefined();
  });

  it('does not compress images that are already compressed formats, and SVG only above the threshold', async () => {
    const svg = await raw('/static/img/shield.svg', { 'Accept-Encoding': 'br' });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['content-encoding']).toBeUndefined(); // 284 bytes
  });
});

describe('budget', () => {
  it('the B-3 player first load (HTML + CSS + JS, no lesson images) is under 150 KB compressed', async () => {
    const url = await playerUrl();
    const rows: Array<{ what: string; raw: number; br: number; gzip: number }> = [];
    const measure = async (what: string, u: string) => {
      const [plain, br, gz] = await Promise.all(['identity', 'br', 'gzip'].map((enc) => raw(u, { 'Accept-Encoding': enc })));
      for (const r of [plain, br, gz]) expect(r!.status).toBe(200);
      rows.push({ what, raw: plain!.body.length, br: br!.body.length, gzip: gz!.body.length });
      return plain!.body.toString('utf8');
    };
    const html = await measure('player HTML', url);
    const refs = staticRefs(html);
    for (const u of [...refs.css, ...refs.js]) await measure(u.replace(/\?.*$/, ''), u);
    const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, br: t.br + r.br, gzip: t.gzip + r.gzip }), { raw: 0, br: 0, gzip: 0 });
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
    console.log([
      'B-3 player first load (lesson images excluded):',
      `${'resource'.padEnd(28)}${'raw'.padStart(9)}${'brotli'.padStart(9)}${'gzip'.padStart(9)}`,
      ...rows.map((r) => `${r.what.padEnd(28)}${kb(r.raw)}${kb(r.br)}${kb(r.gzip)}`),
      `${'total'.padEnd(28)}${kb(total.raw)}${kb(total.br)}${kb(total.gzip)}   budget ${kb(BUDGET_BYTES)}`,
    ].join('\n'));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    // gzip is what browsers get over plain HTTP (they offer brotli only over HTTPS): hold both.
    expect(total.gzip).toBeLessThan(BUDGET_BYTES);
    expect(total.br).toBeLessThan(BUDGET_BYTES);
  });
});

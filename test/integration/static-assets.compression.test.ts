/**
 * The compression middleware on its own, on routes shaped like the app's edge cases: streamed
 * bodies piped into the response, event streams, byte ranges, no-transform, explicit
 * Content-Encoding, writeHead with a headers object, and CSV downloads.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import express from 'express';
import { compression, negotiateEncoding } from '../../src/web/compression';

const BIG = 'First Shield lesson text. '.repeat(400); // ~10 KB, compressible
let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(compression());
  app.get('/html', (_req, res) => { res.type('html').send(BIG); });
  app.get('/json', (_req, res) => { res.json({ text: BIG }); });
  app.get('/csv', (_req, res) => { res.type('text/csv; charset=utf-8').send(BIG); });
  app.get('/small', (_req, res) => { res.type('html').send('<p>hi</p>'); });
  app.get('/png', (_req, res) => { res.type('png').send(Buffer.alloc(4096, 1)); });
  // 2 MB in 64 KB chunks through pipe(): exercises backpressure through the compressor.
  app.get('/piped', (_req, res) => {
    res.type('text/plain');
    const chunks = Array.from({ length: 32 }, (_, i) => Buffer.from(`${i}:${'x'.repeat(65_536)}\n`));
    Readable.from(chunks).pipe(res);
  });
  app.get('/events', (_req, res) => { res.type('text/event-stream').send(BIG); });
  app.get('/range', (_req, res) => { res.status(206).set('Content-Range', `bytes 0-${BIG.length - 1}/${BIG.length * 2}`).type('text/plain').send(BIG); });
  app.get('/no-transform', (_req, res) => { res.set('Cache-Control', 'no-transform').type('html').send(BIG); });
  app.get('/encoded', (_req, res) => { res.set('Content-Encoding', 'gzip').type('html').send(zlib.gzipSync(BIG)); });
  app.get('/write-head', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(BIG)) });
    res.end(BIG);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise((r) => server?.close(r)); });

function get(url: string, accept: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.request(`${base}${url}`, { method, headers: { 'Accept-Encoding': accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

const unbr = (b: Buffer) => zlib.brotliDecompressSync(b).toString('utf8');

it.each(['/html', '/csv', '/write-head'])('%s: brotli when offered, gzip otherwise, identity when neither', async (url) => {
  const br = await get(url, 'gzip, br');
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['content-length']).toBeUndefined();
  expect(br.headers.vary).toMatch(/Accept-Encoding/i);
  expect(unbr(br.body)).toBe(BIG);
  const gz = await get(url, 'gzip');
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(zlib.gunzipSync(gz.body).toString('utf8')).toBe(BIG);
  const plain = await get(url, 'identity');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.toString('utf8')).toBe(BIG);
});

it('JSON bodies too', async () => {
  const r = await get('/json', 'br');
  expect(r.headers['content-encoding']).toBe('br');
  expect(JSON.parse(unbr(r.body))).toEqual({ text: BIG });
});

it('a piped 2 MB stream arrives whole and compressed (backpressure does not stall it)', async () => {
  const r = await get('/piped', 'gzip');
  expect(r.headers['content-encoding']).toBe('gzip');
  const text = zlib.gunzipSync(r.body).toString('utf8');
  expect(text.split('\n').filter(Boolean)).toHaveLength(32);
  expect(r.body.length).toBeLessThan(100_000);
});

it.each([
  ['/small', 'under the 1 KB threshold'],
  ['/png', 'not a text type'],
  ['/events', 'an event stream'],
  ['/range', 'partial content'],
  ['/no-transform', 'Cache-Control: no-transform'],
])('%s is sent as is (%s)', async (url) => {
  const r = await get(url, 'br, gzip');
  expect(r.headers['content-encoding']).toBeUndefined();
  expect(r.status).toBeLessThan(300);
});

it('keeps an encoding the route chose itself', async () => {
  const r = await get('/encoded', 'br');
  expect(r.headers['content-encoding']).toBe('gzip');
  expect(zlib.gunzipSync(r.body).toString('utf8')).toBe(BIG);
});

it('HEAD: headers only, no encoding applied to an empty body', async () => {
  const r = await get('/html', 'br', 'HEAD');
  expect(r.status).toBe(200);
  expect(r.body.length).toBe(0);
  expect(r.headers['content-encoding']).toBeUndefined();
});

it.each([
  ['br', 'br'], ['gzip', 'gzip'], ['x-gzip', 'gzip'], ['gzip;q=1, br;q=0.5', 'gzip'], ['br;q=0, gzip;q=0', undefined],
  ['*;q=0', undefined], ['*', 'br'], ['deflate', undefined], [' BR ; q=0.8 , gzip;q=0.8', 'br'],
])('Accept-Encoding %j → %s', (header, expected) => {
  expect(negotiateEncoding(header)).toBe(expected);
});

/**
 * The player on a slow phone network: Chromium emulates slow 3G through CDP (400 kbit/s each way,
 * 400 ms latency), a student launches B-3 from the demo LMS with a cold cache, and the test
 *  1. measures the player's first load as it crossed the wire (CDP encodedDataLength: headers and
 *     compressed bodies) and holds HTML + CSS + JS under 150 KB (lesson images excluded);
 *  2. walks every step and slide forward with Next and back with Back, asserting that nothing but
 *     the position save (PUT /api/attempts/<id>/position) goes out, and that each step is shown
 *     before its save has even been answered (the player never waits on the network to move);
 *  3. plays the lesson to the end with the lesson driver: until Submit, only position saves and
 *     answers go out.
 * Timings are printed. A private browser (no request routing, which would disable the HTTP cache
 * and bypass throttling) records requests to other origins itself and fails on any.
 */
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Frame, type Page, type Request } from 'playwright-core';
import { ensureChromium } from '../helpers/browser';
import { startServer, type ServerProcess } from '../helpers/server-process';
import { MODULES_DIR, listLessons, playLesson, toolFrame, type LessonManifest } from './lesson-driver';

const LESSON_ID = 'b-3-scams-aimed-at-teens';
const BUDGET_BYTES = 150 * 1024;
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const TIMEOUT = 30_000;

let server: ServerProcess;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
const problems: string[] = [];
const lesson: LessonManifest = (() => {
  const found = listLessons(MODULES_DIR).find((l) => l.id === LESSON_ID);
  if (!found) throw new Error(`${LESSON_ID} is not in ${path.relative(process.cwd(), MODULES_DIR)}`);
  return found.manifest;
})();

/** What CDP saw of one request. */
interface Seen { url: string; method: string; type?: string; documentURL?: string; status?: number; encoding?: string; bytes?: number; cached?: boolean }
const seen = new Map<string, Seen>();

beforeAll(async () => {
  server = await startServer();
  browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'] });
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-US' });
  const origin = new URL(server.url).origin;
  context.on('request', (r) => {
    if (!/^(data|blob|about):/.test(r.url()) && new URL(r.url()).origin !== origin) problems.push(`request to a foreign origin: ${r.method()} ${r.url()}`);
  });
  context.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  context.on('weberror', (e) => { problems.push(`page error: ${e.error().message}`); });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    seen.set(e.requestId, { ...seen.get(e.requestId), url: e.request.url, method: e.request.method, type: e.type, documentURL: e.documentURL });
  });
  cdp.on('Network.responseReceived', (e) => {
    const s = seen.get(e.requestId);
    if (s) Object.assign(s, { status: e.response.status, encoding: headerOf(e.response.headers, 'content-encoding'), cached: s.cached || e.response.fromDiskCache || e.response.fromPrefetchCache });
  });
  cdp.on('Network.requestServedFromCache', (e) => { const s = seen.get(e.requestId); if (s) s.cached = true; });
  cdp.on('Network.loadingFinished', (e) => { const s = seen.get(e.requestId); if (s) s.bytes = e.encodedDataLength; });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (server) await server.stop();
}, 30_000);

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const pathOf = (url: string) => { const u = new URL(url); return `${u.pathname}${u.search.startsWith('?v=') ? u.search : ''}`; };
const isPositionSave = (r: Request) => r.method() === 'PUT' && /^\/api\/attempts\/[^/]+\/position$/.test(new URL(r.url()).pathname);
const isAnswer = (r: Request) => r.method() === 'POST' && /^\/api\/attempts\/[^/]+\/answers$/.test(new URL(r.url()).pathname);
const isSubmit = (r: Request) => r.method() === 'POST' && /^\/api\/attempts\/[^/]+\/submit$/.test(new URL(r.url()).pathname);
const isLessonImage = (r: Request) => r.method() === 'GET' && /^\/lessons\/[^/]+\/v\d+\/assets\//.test(new URL(r.url()).pathname);

/** Launches B-3 as the first class's first student, throttled and with a cold cache; returns the tool frame. */
async function launchThrottled(): Promise<{ frame: Frame; ms: number }> {
  await page.goto(`${server.url}/demo?locale=en`);
  const activity = page.locator('section.card.class').first().locator('li.activity')
    .filter({ has: page.locator('code', { hasText: new RegExp(`^${LESSON_ID}$`) }) }).first();
  const link = activity.locator('a.btn-student').first();
  await link.waitFor();
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  seen.clear();
  const t0 = Date.now();
  await link.click();
  const frame = await toolFrame(page, server.url, /^\/play\/[0-9a-f-]+$/, 60_000);
  await frame.locator('#player-nav').waitFor({ state: 'visible' });
  return { frame, ms: Date.now() - t0 };
}

/** The player's first load: its document and every CSS/JS it references, with the bytes each took on the wire. */
async function firstLoad(frame: Frame) {
  const refs = await frame.evaluate(() => ({
    css: Array.from(document.querySelectorAll('link[rel="stylesheet"]')).map((l) => (l as HTMLLinkElement).href),
    js: Array.from(document.querySelectorAll('script[src]')).map((s) => (s as HTMLScriptElement).src),
  }));
  const all = [...seen.values()];
  const playerDoc = all.find((s) => s.type === 'Document' && new URL(s.url).pathname.startsWith('/play/') && s.bytes !== undefined);
  if (!playerDoc) throw new Error(`CDP saw no player document; it saw: ${all.map((s) => `${s.type} ${s.url}`).join(', ')}`);
  // Bytes of a URL's network fetch since the cache was cleared. The launch pages before the player
  // may have fetched a shared file (app.css) first; the player then got it from memory, but it is
  // still part of what this first visit downloaded, so it counts.
  const wire = (url: string) => {
    const fetched = all.filter((s) => s.url === url && !s.cached && s.bytes !== undefined);
    if (!fetched.length) throw new Error(`${url} was referenced by the player but never fetched over the network after the cache was cleared`);
    return { bytes: Math.max(...fetched.map((s) => s.bytes!)), encoding: fetched[0]!.encoding ?? 'identity' };
  };
  const rows = [
    { what: 'player HTML', bytes: playerDoc.bytes!, encoding: playerDoc.encoding ?? 'identity' },
    ...[...refs.css, ...refs.js].map((u) => ({ what: pathOf(u), ...wire(u) })),
  ];
  const others = all.filter((s) => s.documentURL && new URL(s.documentURL).pathname.startsWith('/play/') && s.type !== 'Document'
    && ![...refs.css, ...refs.js].includes(s.url)).map((s) => ({ what: pathOf(s.url), bytes: s.bytes ?? 0, type: s.type, cached: !!s.cached }));
  return { rows, others, total: rows.reduce((t, r) => t + r.bytes, 0) };
}

/** Clicks a player button; resolves when the step/slide `visible` shows and, when `save` is set, the position save was answered. */
async function navigate(frame: Frame, button: '#btn-next' | '#btn-back', visible: string, save: boolean) {
  const saved = save ? page.waitForResponse((r) => isPositionSave(r.request()), { timeout: TIMEOUT }) : undefined;
  const t0 = Date.now();
  await frame.locator(button).click();
  await frame.locator(visible).waitFor({ state: 'visible' });
  const shownMs = Date.now() - t0;
  if (!saved) return { shownMs };
  const res = await saved;
  const savedMs = Date.now() - t0;
  expect(res.status()).toBe(204);
  return { shownMs, savedMs };
}

/** Every (step, slide) position in order: `#step-<id>` or its `.slide[data-slide=n]`. */
async function positions(frame: Frame): Promise<Array<{ step: number; selector: string }>> {
  const out: Array<{ step: number; selector: string }> = [];
  for (const [i, s] of lesson.steps.entries()) {
    const slides = await frame.locator(`#step-${s.id} .slide`).count();
    if (!slides) out.push({ step: i, selector: `#step-${s.id}` });
    for (let n = 1; n <= slides; n++) out.push({ step: i, selector: `#step-${s.id} .slide[data-slide="${n}"]` });
  }
  return out;
}

test('slow 3G: the B-3 player loads under 150 KB and moves between steps without waiting on the network', async () => {
  const { frame, ms: launchMs } = await launchThrottled();
  await frame.waitForLoadState('load');
  const load = await firstLoad(frame);
  console.log([
    `B-3 player first load over emulated slow 3G (${SLOW_3G.downloadThroughput * 8 / 1000} kbit/s, ${SLOW_3G.latency} ms), bytes on the wire incl. headers:`,
    ...load.rows.map((r) => `  ${r.what.padEnd(46)} ${kb(r.bytes).padStart(9)}  ${r.encoding}`),
    `  ${'total HTML + CSS + JS'.padEnd(46)} ${kb(load.total).padStart(9)}  (budget ${kb(BUDGET_BYTES)})`,
    ...load.others.map((o) => `  not counted: ${o.what} (${o.type}) ${o.cached ? 'from the cache' : kb(o.bytes)}`),
    `  click "Launch as" → player shown, through the whole LTI launch: ${launchMs} ms`,
  ].join('\n'));
  expect(load.rows.length).toBeGreaterThanOrEqual(3);
  expect(load.total).toBeLessThan(BUDGET_BYTES);
  // Every CSS/JS file travelled compressed (the page is small enough that its own encoding may vary).
  for (const r of load.rows.slice(1)) if (r.bytes > 1500) expect({ file: r.what, encoding: r.encoding }).toEqual({ file: r.what, encoding: expect.stringMatching(/^(br|gzip)$/) });

  // ---- Walk forward to the last step and back, recording every request -------------------
  const sent: Request[] = [];
  const record = (r: Request) => { sent.push(r); };
  page.context().on('request', record);
  const order = await positions(frame);
  const timings: string[] = [];
  for (let k = 1; k < order.length; k++) {
    const newStep = order[k]!.step !== order[k - 1]!.step;
    const t = await navigate(frame, '#btn-next', order[k]!.selector, newStep);
    timings.push(`next → ${order[k]!.selector}: shown ${t.shownMs} ms${t.savedMs !== undefined ? `, saved ${t.savedMs} ms` : ''}`);
    if (t.savedMs !== undefined) expect(t.shownMs).toBeLessThan(t.savedMs);
  }
  for (let k = order.length - 2; k >= 0; k--) {
    const newStep = order[k]!.step !== order[k + 1]!.step;
    const t = await navigate(frame, '#btn-back', order[k]!.selector, newStep);
    timings.push(`back → ${order[k]!.selector}: shown ${t.shownMs} ms${t.savedMs !== undefined ? `, saved ${t.savedMs} ms` : ''}`);
    if (t.savedMs !== undefined) expect(t.shownMs).toBeLessThan(t.savedMs);
  }
  const stepChanges = order.filter((p, k) => k > 0 && p.step !== order[k - 1]!.step).length * 2;
  const unexpected = sent.filter((r) => !isPositionSave(r) && !isLessonImage(r)).map((r) => `${r.method()} ${pathOf(r.url())}`);
  console.log([`Next/Back over ${order.length} positions (${lesson.steps.length} steps):`, ...timings.map((t) => `  ${t}`),
    `  requests: ${sent.filter(isPositionSave).length} position saves, ${sent.filter(isLessonImage).length} lesson images, ${unexpected.length} other`].join('\n'));
  expect(unexpected).toEqual([]);
  expect(sent.filter(isPositionSave)).toHaveLength(stepChanges);

  // ---- Play it through: until Submit, only saves and answers --------------------------------
  sent.length = 0;
  const outcome = await playLesson({ page, frame, lesson, timeout: TIMEOUT });
  page.context().off('request', record);
  const submitAt = sent.findIndex(isSubmit);
  expect(submitAt).toBeGreaterThan(0);
  const beforeSubmit = sent.slice(0, submitAt);
  const other = beforeSubmit.filter((r) => !isPositionSave(r) && !isAnswer(r) && !isLessonImage(r)).map((r) => `${r.method()} ${pathOf(r.url())}`);
  console.log([`played to the end in ${outcome.ms} ms (${outcome.percentText}); per step:`,
    ...Object.entries(outcome.stepMs).map(([id, ms]) => `  ${id.padEnd(24)} ${String(ms).padStart(6)} ms`),
    `  requests before Submit: ${beforeSubmit.filter(isPositionSave).length} position saves, ${beforeSubmit.filter(isAnswer).length} answers, ${beforeSubmit.filter(isLessonImage).length} lesson images, ${other.length} other`].join('\n'));
  expect(other).toEqual([]);
  expect(outcome.passed).toBe(true);
  expect(problems).toEqual([]);
}, 600_000);

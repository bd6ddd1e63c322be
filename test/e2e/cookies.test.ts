/**
 * Launches inside an LMS iframe with third-party cookies blocked, in Chromium: the demo LMS page
 * on one site (http://127.0.0.1:<port>/demo) frames the tool on another (http://localhost:<port>,
 * its PUBLIC_URL). (a) LTI Platform Storage completes a student launch inside the iframe; (b) with
 * storage off (?storage=off) the binding cookie does not come back in the frame, the tool offers
 * "open in a new window", and the launch completes there (first-party cookies).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { CHROMIUM_PATH, ensureChromium } from '../helpers/browser';
import { freePort } from '../helpers/server-process';

const ROOT = path.resolve(__dirname, '..', '..');
const TIMEOUT = 15_000;
let port = 0;
let dataDir = '';
let child: ChildProcess | undefined;
let browser: Browser;
const problems: string[] = [];
const toolUrl = () => `http://localhost:${port}`;
const lmsUrl = () => `http://127.0.0.1:${port}`;

function toolEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), TMPDIR: os.tmpdir(), LANG: 'C.UTF-8',
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: toolUrl(), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', GRADE_WORKER: 'off',
    ...(process.env.E2E_MODULES_DIR ? { MODULES_DIR: path.resolve(process.env.E2E_MODULES_DIR) } : {}),
  };
}

beforeAll(async () => {
  port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-e2e-cookies-'));
  // The demo registers itself with PUBLIC_URL origins only; the tool's frame-ancestors lists the
  // registered platforms' origins, so the LMS host (127.0.0.1) is registered too, as an operator would.
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'platform', 'add', '--issuer', `${lmsUrl()}/demo`, '--client-id', 'lms-host-alias',
    '--auth-url', `${lmsUrl()}/demo/auth`, '--token-url', `${lmsUrl()}/demo/token`, '--keyset-url', `${lmsUrl()}/demo/jwks`, '--deployment', 'alias'],
  { cwd: ROOT, env: toolEnv(), stdio: 'pipe' });
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: toolEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try { if ((await fetch(`${lmsUrl()}/readyz`)).status === 200) break; } catch { /* not yet */ }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the tool did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  ensureChromium();
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH, headless: true,
    // Third-party cookies blocked (Chrome's third-party-cookie-phaseout test mode).
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--test-third-party-cookie-phaseout'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  context.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
  context.on('response', (r) => { if (r.status() >= 500) problems.push(`server error ${r.status()} ${r.url()}`); });
  return context;
}

/** A student's launch page of the first activity, on the LMS host. */
async function studentLaunchUrl(page: Page, query = ''): Promise<string> {
  await page.goto(`${lmsUrl()}/demo`);
  const href = await page.locator('li.activity a.btn-student').first().getAttribute('href');
  const u = new URL(href!, lmsUrl());
  return `${lmsUrl()}${u.pathname}${u.search}${query}`;
}

async function toolFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#tool-frame');
  return (await handle.contentFrame())!;
}

/** Proves third-party cookies really are blocked in the tool's frame: a cookie set there is not kept. */
async function cookiesBlockedIn(frame: Frame): Promise<boolean> {
  return frame.evaluate(() => {
    document.cookie = 'probe=1; SameSite=None; Secure; Path=/';
    return !document.cookie.includes('probe=1');
  });
}

const PLAY = /^\/play\/[0-9a-f-]{36}$/;

it('(a) Platform Storage completes a student launch inside the iframe', async () => {
  const context = await newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const launchPage = await studentLaunchUrl(page);
  const messages: string[] = [];
  page.on('request', (r) => { if (/\/lti\/(login|launch)/.test(r.url())) messages.push(`${r.method()} ${new URL(r.url()).pathname}`); });
  await page.goto(launchPage);
  expect(new URL(page.url()).origin).toBe(lmsUrl());
  const frame = await toolFrame(page);
  await frame.waitForURL((u) => PLAY.test(u.pathname), { timeout: TIMEOUT });
  expect(new URL(frame.url()).origin).toBe(toolUrl());
  expect(await cookiesBlockedIn(frame)).toBe(true);
  expect(messages).toEqual(expect.arrayContaining(['GET /lti/login', 'POST /lti/launch', 'POST /lti/launch/complete']));
  await frame.locator('main').waitFor();
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);

it('(b) without storage and without partitioned cookies, the blocked cookie leads to "open in a new window", which completes the launch', async () => {
  const context = await newContext();
  // Chromium keeps partitioned (CHIPS) cookies when third-party cookies are blocked (test (c));
  // browsers without CHIPS ignore the attribute and drop the cookie. Simulate one: strip it.
  await context.route(/\/lti\/login/, async (route) => {
    // route.fetch() replays the request outside the browser's network stack, which adds no
    // Sec-Fetch-* headers: restore the one the tool reads, as the browser would have sent it.
    let inFrame: boolean; // a new window's first request has no frame yet: top-level
    try { inFrame = route.request().frame().parentFrame() !== null; } catch { inFrame = false; }
    const headers0 = { ...(await route.request().allHeaders()), 'sec-fetch-dest': inFrame ? 'iframe' : 'document' };
    const response = await route.fetch({ maxRedirects: 0, headers: headers0 });
    const headers = response.headers();
    if (headers['set-cookie']) headers['set-cookie'] = headers['set-cookie'].replace(/; Partitioned/g, '');
    await route.fulfill({ response, headers });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(await studentLaunchUrl(page, '&storage=off'));
  const frame = await toolFrame(page);
  const button = frame.locator('#lti-new-window');
  await button.waitFor();
  expect(new URL(frame.url()).pathname).toBe('/lti/login/check');
  expect(await cookiesBlockedIn(frame)).toBe(true);
  const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
  await popup.waitForURL((u) => u.origin === toolUrl() && PLAY.test(u.pathname), { timeout: TIMEOUT });
  await popup.locator('main').waitFor();
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);

it('(c) without storage, the partitioned cookie (CHIPS) carries the binding inside the iframe', async () => {
  const context = await newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(await studentLaunchUrl(page, '&storage=off'));
  const frame = await toolFrame(page);
  await frame.waitForURL((u) => PLAY.test(u.pathname), { timeout: TIMEOUT });
  expect(await cookiesBlockedIn(frame)).toBe(true); // unpartitioned third-party cookies are still blocked
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);

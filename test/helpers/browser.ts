/**
 * Debian's Chromium driven by playwright-core, for the browser tests. Every page problem is
 * recorded so the test can fail on it: a console error, an uncaught page error, a server error
 * response, and any request to an origin other than the tool's (those are also blocked, so a
 * CDN font or analytics script can neither slip in nor make the test depend on the network).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/**
 * Installs Debian's chromium when it is missing (CI does it in .ci/run). Other engineers may be
 * running apt at the same time, so wait on the dpkg lock rather than fail on it, and retry.
 */
export function ensureChromium(): string {
  if (fs.existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let lastError: unknown;
  for (let i = 0; i < 3 && !fs.existsSync(CHROMIUM_PATH); i++) {
    try {
      execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=180', 'update', '-qq'], { env, stdio: 'inherit', timeout: 300_000 });
      execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=180', 'install', '-y', '-qq', 'chromium'], { env, stdio: 'inherit', timeout: 600_000 });
    } catch (e) {
      lastError = e;
    }
  }
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing and apt-get install chromium failed: ${String(lastError)}`);
  return CHROMIUM_PATH;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Everything that should not happen on a healthy page, in the order it happened. */
  problems: string[];
  /** Saves a full-page PNG at each width into test-results/screenshots/<name>-<width>.png, then restores the viewport. */
  screenshot(name: string, widths?: number[]): Promise<string[]>;
  close(): Promise<void>;
}

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

export async function openBrowser(opts: { allowedOrigin: string; viewport?: { width: number; height: number } }): Promise<BrowserSession> {
  const executablePath = ensureChromium();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const viewport = opts.viewport ?? { width: 360, height: 780 };
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const problems: string[] = [];
  const allowed = new URL(opts.allowedOrigin).origin;

  // Blocks and records foreign origins; context-wide, so requests from the tool's iframe count too.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalScheme(url) || new URL(url).origin === allowed) return route.continue();
    problems.push(`request to a foreign origin: ${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  context.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${msg.page()?.url() ?? '?'}: ${msg.text()} (${msg.location().url}:${msg.location().lineNumber})`);
  });
  context.on('weberror', (err) => { problems.push(`uncaught page error: ${err.error().message}`); });
  context.on('response', (res) => {
    if (res.status() >= 500) problems.push(`server error ${res.status()} for ${res.request().method()} ${res.url()}`);
  });

  const page = await context.newPage();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    browser, context, page, problems,
    async screenshot(name, widths = [360, 1280]) {
      const original = page.viewportSize() ?? viewport;
      const files: string[] = [];
      for (const width of widths) {
        await page.setViewportSize({ width, height: original.height });
        // Let layout settle after the resize (two animation frames), so the shot shows the new width.
        await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
        const file = path.join(SCREENSHOT_DIR, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        files.push(file);
      }
      await page.setViewportSize(original);
      return files;
    },
    async close() {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

function isLocalScheme(url: string): boolean {
  return /^(data|blob|about|chrome-error):/.test(url);
}

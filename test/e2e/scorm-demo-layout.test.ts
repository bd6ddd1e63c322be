/**
 * The SCORM pages' layout at 360 px and 1280 px, in the demo LMS: the upload page (with a
 * package in its list) and the player of the 18-SCO golf package (table of contents, previous /
 * next). Screenshots go to test-results/screenshots/scorm-*.png for a person to look at; the
 * test itself fails when the tool's page scrolls sideways, when a contents or navigation button
 * is smaller than 44 px, or when the contents hide the lesson on a phone.
 */
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { BrowserSession } from '../helpers/browser';
import type { ServerProcess } from '../helpers/server-process';
import { startToolAndBrowser, stopToolAndBrowser } from './tool-and-browser';
import { addedActivity, firstClass, toolFrame } from './lesson-driver';

const MULTI = path.resolve(__dirname, '../fixtures/scorm/golf-2004-multi-sco-minimum-calls.zip');
const TIMEOUT = 15_000;
let server: ServerProcess;
let session: BrowserSession;

beforeAll(async () => { ({ server, session } = await startToolAndBrowser({ timeout: TIMEOUT, viewport: { width: 1280, height: 900 } })); }, 75_000);
// stop() rejects unless the tool shuts down by itself, with exit code 0, within 15 s of SIGTERM
afterAll(() => stopToolAndBrowser(server, session), 30_000);

async function home(page: Page): Promise<void> {
  await page.goto(`${server.url}/demo?locale=en`);
  await firstClass(page).waitFor();
}

/** Horizontal overflow of the page, and interactive elements under 44 px tall. */
async function layoutProblems(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    const cw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > cw) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${cw}`);
    for (const el of Array.from(document.querySelectorAll(sel))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.height < 44) out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" is ${Math.round(r.height)} px tall`);
      if (r.right > cw + 1) out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" sticks out (${Math.round(r.right)} > ${cw})`);
    }
    return out;
  }, selector);
}

test('upload page and multi-SCO player at 360 px and 1280 px', async () => {
  const { page, problems } = session;
  await home(page);
  await page.locator('a.btn-admin').first().click();
  let tool: Frame = await toolFrame(page, server.url, /^\/school$/);
  await tool.getByRole('link', { name: 'Import a SCORM package' }).click();
  await tool.waitForURL((u) => u.pathname === '/admin/scorm');
  await tool.locator('#scorm-file').setInputFiles(MULTI);
  await tool.getByRole('button', { name: 'Import' }).click();
  const row = tool.locator('table.scorm-upload__list tbody tr');
  await row.first().waitFor();
  const lessonId = ((await row.first().locator('code').textContent()) ?? '').trim();
  const uploadUrl = tool.url();

  // the upload page on its own, as an administrator sees it in the LMS frame
  await page.goto(uploadUrl);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await layoutProblems(page, '.scorm-upload button, .scorm-upload input')).toEqual([]);
  }
  await session.screenshot('scorm-upload');

  await home(page);
  await firstClass(page).locator('a.btn-add').first().click();
  tool = await toolFrame(page, server.url, /^\/library/);
  const card = tool.locator('li.lesson-card').filter({ has: tool.locator(`input[value="${lessonId}"]`) });
  await card.locator('label').click();
  await tool.locator('form.library__select button[type="submit"]').click();
  await tool.locator('#added-h').waitFor();
  await home(page);
  await addedActivity(page, lessonId).locator('a.btn-student').first().click();
  tool = await toolFrame(page, server.url, /^\/play\//);
  await tool.locator('[data-sco][aria-current="step"]').waitFor({ state: 'attached' });
  const playerUrl = tool.url();

  await page.goto(playerUrl);
  await page.setViewportSize({ width: 360, height: 780 });
  await page.locator('[data-sco][aria-current="step"]').waitFor({ state: 'attached' });
  // phones: the contents are folded, the lesson and previous / next are on the first screen
  expect(await page.locator('[data-scorm-toc]').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  const frameTop = await page.locator('[data-scorm-frame]').evaluate((f) => f.getBoundingClientRect().top);
  expect(frameTop).toBeLessThan(300);
  expect(await layoutProblems(page, '.scorm-nav button, .scorm-toc__summary')).toEqual([]);
  await page.screenshot({ path: path.resolve(__dirname, '../../test-results/screenshots/scorm-player-360.png'), fullPage: true });
  await page.locator('.scorm-toc__summary').click();
  expect(await layoutProblems(page, '.scorm-toc__link')).toEqual([]);
  await page.screenshot({ path: path.resolve(__dirname, '../../test-results/screenshots/scorm-player-360-toc.png'), fullPage: true });
  // choosing a part closes the contents and opens that part
  await page.locator('[data-sco]').nth(2).click();
  await page.locator('[data-sco][aria-current="step"]').nth(0).waitFor({ state: 'attached' });
  expect(await page.locator('[data-sco]').nth(2).getAttribute('aria-current')).toBe('step');
  expect(await page.locator('[data-scorm-toc]').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await page.locator('[data-scorm-toc]').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  expect(await layoutProblems(page, '.scorm-nav button, .scorm-toc__link')).toEqual([]);
  await page.locator('[data-nav="next"]').click();
  expect(await page.locator('[data-sco]').nth(3).getAttribute('aria-current')).toBe('step');
  await page.screenshot({ path: path.resolve(__dirname, '../../test-results/screenshots/scorm-player-1280.png'), fullPage: true });
  expect(problems).toEqual([]);
}, 120_000);

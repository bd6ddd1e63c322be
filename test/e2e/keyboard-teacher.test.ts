/**
 * Issue 8's keyboard-only test for teachers and administrators, inside the demo LMS iframe. The
 * LMS pages are opened by URL (navigation, not a click); from then on only Tab / Shift+Tab / Enter
 * / Space / arrow keys are pressed — no mouse click, no element.click(). After every key press the
 * focused element, in the LMS page or the tool's frame, must show a focus indicator (an outline or
 * box-shadow; for a checkbox or radio, its label's), else the test fails naming the element.
 *   1. The teacher filters the library by age band, ticks one lesson and adds it to the class.
 *   2. The administrator opens the school report and reads one class's drill-down.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { BrowserSession } from '../helpers/browser';
import type { ServerProcess } from '../helpers/server-process';
import { startToolAndBrowser, stopToolAndBrowser } from './tool-and-browser';
import { addedActivity, firstClass, listLessons, toolFrame } from './lesson-driver';
import { keyboardDriver } from './teacher-helpers';

const BAND = 'C';
const BAND_LABEL = 'Upper secondary (15–17)';
const LESSONS = listLessons();
const IN_BAND = LESSONS.filter((l) => l.manifest.ageBands.includes(BAND));
const PICK = IN_BAND[0]!;
const TIMEOUT = 15_000;

let server: ServerProcess;
let session: BrowserSession;

beforeAll(async () => { ({ server, session } = await startToolAndBrowser({ timeout: TIMEOUT, viewport: { width: 1280, height: 900 } })); }, 90_000);
// stop() rejects unless the tool shuts down by itself, with exit code 0, within 15 s of SIGTERM
afterAll(() => stopToolAndBrowser(server, session), 30_000);

/** Reads a link's URL on the demo home (no click): where the keyboard part starts. */
async function hrefOn(page: Page, selector: string): Promise<string> {
  await page.goto(`${server.url}/demo?locale=en`);
  await firstClass(page).waitFor();
  const href = await page.locator(selector).first().getAttribute('href');
  if (!href) throw new Error(`the demo home has no ${selector}`);
  return new URL(href, page.url()).href;
}

test('a teacher assigns a lesson from the library by keyboard only, focus always visible', async () => {
  expect(IN_BAND.length).toBeGreaterThan(0);
  expect(IN_BAND.length).toBeLessThan(LESSONS.length);
  const { page } = session;
  await page.goto(await hrefOn(page, 'a.btn-add'));
  const frame: Frame = await toolFrame(page, server.url, /^\/library$/);
  const kb = keyboardDriver(page, frame, TIMEOUT);
  try {
    // Age band: a native select changes with the arrow keys while closed.
    const band = frame.locator('select#f-band');
    await kb.tabTo(band, 'age band filter');
    const values = await band.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    for (let i = 0; i < values.length && (await band.inputValue()) !== BAND; i++) await kb.press('ArrowDown', 'age band filter');
    expect(await band.inputValue()).toBe(BAND);
    await kb.tabTo(frame.locator('form.filters button[type="submit"]'), 'Filter button');
    await kb.press('Enter', 'Filter button', true);
    await frame.waitForURL((u) => u.pathname === '/library' && u.searchParams.get('band') === BAND);
    await frame.locator('li.lesson-card').first().waitFor();

    // Only that band's lessons are offered, and the filter shows what was chosen.
    expect(await frame.locator('select#f-band').inputValue()).toBe(BAND);
    const offered = await frame.locator('li.lesson-card input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(offered.sort()).toEqual(IN_BAND.map((l) => l.id).sort());
    for (const meta of await frame.locator('.lesson-card__meta').allTextContents()) expect(meta).toContain(BAND_LABEL);

    // Tick one lesson with Space, then Enter on "Add".
    const box = frame.locator(`input#l-${PICK.id}`);
    await kb.tabTo(box, `checkbox of ${PICK.id}`);
    await kb.press('Space', `checkbox of ${PICK.id}`);
    expect(await box.isChecked()).toBe(true);
    expect(await frame.locator('li.lesson-card input:checked').count()).toBe(1);
    await kb.tabTo(frame.locator('form.library__select > button[type="submit"]'), 'Add to the course');
    await kb.press('Enter', 'Add to the course', true);
    // The signed Deep Linking response goes back to the LMS, which shows its result in the frame.
    const added = frame.locator('#added-h');
    await added.waitFor({ timeout: TIMEOUT });
    expect((await added.textContent())?.replace(/\s+/g, ' ').trim()).toMatch(/^1 activity added/);
    expect(await frame.locator('.added-list li').allTextContents()).toEqual([expect.stringContaining(PICK.id)]);
  } finally {
    console.log(`teacher by keyboard: ${kb.trail.length} key presses\n  ${kb.trail.join('\n  ')}`);
  }
  await page.goto(`${server.url}/demo?locale=en`);
  expect(await addedActivity(page, PICK.id).count()).toBe(1);
  expect(session.problems).toEqual([]);
}, 90_000);

test('an administrator reads the school report and a class drill-down by keyboard only, focus always visible', async () => {
  const { page } = session;
  // Needs the activity the first test added. The tool learns of an activity at its first launch
  // (deep linking returns no resource link id), so a student opens it first: set-up, by URL.
  await page.goto(`${server.url}/demo?locale=en`);
  const studentHref = await addedActivity(page, PICK.id).locator('a.btn-student').first().getAttribute('href');
  await page.goto(new URL(studentHref!, page.url()).href);
  await (await toolFrame(page, server.url, /^\/play\/[0-9a-f-]+$/)).locator('#player-nav').waitFor();
  await page.goto(await hrefOn(page, 'a.btn-admin'));
  const frame = await toolFrame(page, server.url, /^\/school$/);
  const kb = keyboardDriver(page, frame, TIMEOUT);
  try {
    await frame.locator('#school-title').waitFor();
    const classLink = frame.locator('section:has(> #classes-title) tbody th a').first();
    const className = ((await classLink.textContent()) ?? '').trim();
    expect(className).not.toBe('');
    // Students the tool knows in that class (the report counts those, not the LMS roster).
    const learners = ((await frame.locator('section:has(> #classes-title) tbody tr').first().locator('td').first().textContent()) ?? '').trim();
    // The class table scrolls sideways on small screens: its region is a tab stop with visible focus.
    await kb.tabTo(frame.locator('section:has(> #classes-title) .report-table'), 'class table region');
    await kb.tabTo(classLink, `class link ${className}`);
    await kb.press('Enter', `class link ${className}`, true);
    await frame.waitForURL((u) => /^\/school\/classes\/[^/]+$/.test(u.pathname));
    const h1 = frame.locator('h1');
    await h1.waitFor();
    expect((await h1.textContent())?.trim()).toBe(className);

    // The drill-down: one row per lesson of the class, the keyboard-added one among them.
    const table = frame.locator('.report-table table');
    const head = (await table.locator('thead th').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
    const enTitle = (JSON.parse(fs.readFileSync(path.join(PICK.dir, 'locales', 'en.json'), 'utf8')) as Record<string, string>)['lesson.title']!;
    const row = rows.find((r) => r[0] === enTitle);
    expect(row).toBeDefined();
    const col = (name: string) => row![head.indexOf(name)];
    expect({ expected: col('Expected'), started: col('Started'), completed: col('Completed') }).toEqual({ expected: learners, started: '1', completed: '0' });

    // Read it by keyboard: the table region takes focus and scrolls with the arrow keys; the crumb leads back.
    const region = frame.locator('.report-table').first();
    await kb.tabTo(region, 'drill-down table region');
    const before = await region.evaluate((el) => el.scrollLeft);
    const overflows = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
    await kb.press('ArrowRight', 'drill-down table region');
    await kb.press('ArrowRight', 'drill-down table region');
    // Chromium animates keyboard scrolling, so wait for the scroll position to move.
    if (overflows) await frame.waitForFunction(([sel, x]) => document.querySelector(sel as string)!.scrollLeft > (x as number), ['.report-table', before] as const, { timeout: 3_000 });
    await kb.tabTo(frame.locator('nav.report-crumbs a'), 'back to the school report');
    await kb.press('Enter', 'back to the school report', true);
    await frame.waitForURL((u) => u.pathname === '/school');
    await frame.locator('#school-title').waitFor();
  } finally {
    console.log(`administrator by keyboard: ${kb.trail.length} key presses; only the browser's thin ring: ${kb.weak.join('; ') || 'none'}\n  ${kb.trail.join('\n  ')}`);
  }
  expect(session.problems).toEqual([]);
}, 90_000);

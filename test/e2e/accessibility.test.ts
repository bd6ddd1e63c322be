/**
 * axe-core over every kind of page the tool shows, in headless Chromium at 360 px (a cheap phone):
 * the player for each step kind before and after answering (B-2: story, order, chat, quiz; A-3:
 * sort, reflection, quiz with single / multiple / true-false; B-3: spot; C-1: the video-call chat
 * skin; help in each), the result
 * page, the lesson library and a preview (via the demo's "+ Add a First Shield activity"), the
 * teacher's assignment view, course view, lesson guide and family note, the school report, a class
 * drill-down and an assignment, the SCORM upload page, the admin console (login, home, grades,
 * accounts, new platform), the privacy page, LTI error pages (a bad login and a bad launch), a 404
 * and the demo LMS home. No page may have a serious or critical violation, and none may scroll
 * sideways at 360 px (the tool's frame nor the LMS page around it). The table of pages with their
 * violation counts by impact is printed and written to test-results/axe-report.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type ServerProcess } from '../helpers/server-process';
import { audit, createOperator, formatTable, type AuditRow } from './axe-helpers';
import { addedActivity, firstClass, listLessons, playLesson, toolFrame, type LessonStep } from './lesson-driver';

const LESSONS = ['B-2', 'A-3', 'B-3', 'C-1'].map((code) => {
  const l = listLessons().find((x) => x.manifest.code === code);
  if (!l) throw new Error(`no ${code} lesson package in modules/`);
  return l;
});
const SEEDED = 'b-3-scams-aimed-at-teens';
const OPERATOR = { email: 'a11y-operator@example.test', password: 'Axe-audit-passphrase-42' };
const REPORT = path.resolve(__dirname, '..', '..', 'test-results', 'axe-report.json');
const TIMEOUT = 15_000;

let dataDir: string;
let server: ServerProcess;
let session: BrowserSession;
const rows: AuditRow[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-a11y-data-'));
  createOperator(dataDir, OPERATOR.email, OPERATOR.password);
  server = await startServer({ env: { DATA_DIR: dataDir } });
  session = await openBrowser({ allowedOrigin: server.url, viewport: { width: 360, height: 780 } });
  session.page.setDefaultTimeout(TIMEOUT);
}, 120_000);

afterAll(async () => {
  console.log(`axe-core ${rows.length} pages at 360 px:\n${formatTable(rows)}\nbrowser problems: ${session?.problems.join('\n') || 'none'}`);
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, JSON.stringify({ width: 360, pages: rows }, null, 2));
  await session?.close();
  if (server) await server.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function check(name: string, target: Page | Frame, top?: Page): Promise<void> {
  const row = await audit(name, target, top);
  rows.push(row);
}

async function demoHome(page: Page): Promise<void> {
  await page.goto(`${server.url}/demo?locale=en`);
  await firstClass(page).waitFor();
}

/** Opens a launch link of the demo home (a Launch-as or admin button) and returns the tool frame. */
async function launch(page: Page, href: string, toolPath: RegExp): Promise<Frame> {
  await page.goto(href);
  return toolFrame(page, server.url, toolPath);
}

test('demo LMS home, library, preview, and adding the lessons by deep linking', async () => {
  const { page } = session;
  await demoHome(page);
  await check('demo LMS home', page);
  await firstClass(page).locator('a.btn-add').first().click();
  const frame = await toolFrame(page, server.url, /^\/library/);
  await frame.locator('li.lesson-card').first().waitFor();
  await check('library (deep linking)', frame, page);
  const previewUrl = await frame.locator(`li.lesson-card:has(input[value="${LESSONS[0]!.id}"]) a.lesson-card__preview`).getAttribute('href');
  expect(previewUrl).toBeTruthy();
  const libraryUrl = frame.url();
  await frame.goto(new URL(previewUrl!, server.url).href);
  await frame.locator('main').waitFor();
  await check('library preview (B-2)', frame, page);
  await frame.goto(libraryUrl);
  for (const l of LESSONS) await frame.locator(`label[for="l-${l.id}"]`).click();
  await frame.locator('form.library__select button[type="submit"]').click();
  await frame.locator('#added-h').waitFor();
}, 60_000);

test.each(LESSONS.map((l) => [l.manifest.code, l] as const))('player %s: every step kind before and after answering, and the result', async (code, lesson) => {
  const { page } = session;
  await demoHome(page);
  const href = await addedActivity(page, lesson.id).locator('a.btn-student').first().getAttribute('href');
  const frame = await launch(page, new URL(href!, server.url).href, /^\/play\/[0-9a-f-]+$/);
  const seen = new Set<string>();
  const outcome = await playLesson({
    page, frame, lesson: lesson.manifest, timeout: TIMEOUT,
    onStep: async (step: LessonStep, phase) => {
      const tag = `${step.kind} ${phase === 'shown' ? 'before' : 'after'}`;
      if (seen.has(tag)) return;
      seen.add(tag);
      await check(`player ${code} ${tag}`, frame, page);
    },
    onResult: () => check(`result ${code}`, frame, page),
  });
  expect(outcome.percent).toBe(100);
}, 120_000);

test('teacher views: assignment, course, lesson guide, family note', async () => {
  const { page } = session;
  await demoHome(page);
  const activity = firstClass(page).locator('li.activity').filter({ has: page.locator('code', { hasText: new RegExp(`^${SEEDED}$`) }) }).first();
  const href = await activity.locator('a.btn-teacher').first().getAttribute('href');
  const frame = await launch(page, new URL(href!, server.url).href, /^\/teach\/assignments\//);
  await check('teacher assignment', frame, page);
  const links = await frame.locator('a.btn--secondary').evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href));
  const [course, guide, family] = links;
  for (const [name, url] of [['teacher course', course], ['teacher lesson guide', guide], ['teacher family note', family]] as const) {
    expect(url).toBeTruthy();
    await frame.goto(url!);
    await check(name, frame, page);
  }
}, 60_000);

test('school report, class drill-down, assignment, SCORM upload', async () => {
  const { page } = session;
  await demoHome(page);
  const href = await page.locator('a.btn-admin').first().getAttribute('href');
  const frame = await launch(page, new URL(href!, server.url).href, /^\/school$/);
  await check('school report', frame, page);
  const token = new URL(frame.url()).searchParams.get('s') ?? await frame.locator('a[href*="/school/classes/"]').first().evaluate((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('s'));
  await frame.locator('a[href*="/school/classes/"]').first().click();
  await frame.waitForURL(/\/school\/classes\//);
  await check('school class drill-down', frame, page);
  const assignment = frame.locator('a[href*="/school/assignments/"]').first();
  if (await assignment.count()) {
    await assignment.click();
    await frame.waitForURL(/\/school\/assignments\//);
    await check('school assignment', frame, page);
  }
  expect(token).toBeTruthy();
  await frame.goto(`${server.url}/admin/scorm?s=${encodeURIComponent(token!)}`);
  await check('SCORM upload', frame, page);
}, 60_000);

test('admin console: login, home, grades, accounts, new platform', async () => {
  const { page } = session;
  await page.goto(`${server.url}/admin/login`);
  await check('admin login', page);
  await page.locator('#login-email').fill(OPERATOR.email);
  await page.locator('#login-password').fill(OPERATOR.password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname === '/admin' || u.pathname === '/admin/');
  await check('admin home', page);
  for (const [name, p] of [['admin grade sync', '/admin/grades'], ['admin accounts', '/admin/accounts'], ['admin new platform', '/admin/platforms/new']] as const) {
    await page.goto(`${server.url}${p}`);
    await check(name, page);
  }
}, 60_000);

test('privacy, LTI errors, 404', async () => {
  const { page } = session;
  await page.goto(`${server.url}/privacy?lang=en`);
  await check('privacy', page);
  await page.goto(`${server.url}/lti/login?iss=https%3A%2F%2Funknown.example&login_hint=x&target_link_uri=${encodeURIComponent(server.url)}`);
  await check('LTI error: bad login', page);
  await page.goto(`${server.url}/no-such-page`);
  await check('404', page);
  // A bad launch: the browser posts a form with a forged id_token, as a broken LMS would.
  await Promise.all([
    page.waitForURL(/\/lti\/launch/),
    page.evaluate(() => {
      const f = document.createElement('form');
      f.method = 'POST';
      f.action = '/lti/launch';
      for (const [k, v] of [['id_token', 'not.a.jwt'], ['state', 'nope']]) {
        const i = document.createElement('input');
        i.type = 'hidden'; i.name = k!; i.value = v!;
        f.append(i);
      }
      document.body.append(f);
      f.submit();
    }),
  ]);
  await check('LTI error: bad launch', page);
}, 60_000);

test('no page has a serious or critical violation, and none scrolls sideways at 360 px', () => {
  const bad = rows.flatMap((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${r.name}: ${v.id} (${v.impact}) ${v.nodes.join(' ')}`));
  const sideways = rows.filter((r) => r.overflow > 1).map((r) => `${r.name}: ${r.overflow}px ${r.overflowDetail.join(', ')}`);
  expect(rows.length).toBeGreaterThanOrEqual(30);
  expect({ bad, sideways }).toEqual({ bad: [], sideways: [] });
});

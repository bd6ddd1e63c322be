/**
 * Every lesson of the catalogue, played to the end in a real browser through the demo LMS:
 * the teacher of the first class adds ALL lessons in one Deep Linking selection, then a student
 * of that class launches each new activity and plays it with the right answers (lesson-driver.ts
 * reads them from the lesson package). Each must end at 100 % and passed ("finished" for
 * completion-only lessons): a lesson whose right answers do not earn full points, a chat that
 * stops, a step the player cannot complete, all fail here with the lesson and step named.
 *
 * One lesson per age band is also photographed at 360 px and 1280 px for each step kind it has,
 * into test-results/screenshots/lessons/ (for a person to look at; horizontal overflow of the
 * tool's page is also measured and written to findings.json there).
 *
 * Speed: one server, one browser, one context, one page, lessons one after another (about 3 s
 * each). Playing them on several pages in parallel was tried and is much slower: Chromium
 * throttles animation frames in pages that are not in front, and every playwright click waits
 * for the element to be "stable" over animation frames (one lesson took 100 s instead of 5 s).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openBrowser, SCREENSHOT_DIR, type BrowserSession } from '../helpers/browser';
import { startServer, type ServerProcess } from '../helpers/server-process';
import {
  addedActivity, addLessonsByDeepLinking, firstClass, listLessons, playLesson, studentLaunches, toolFrame,
  type LessonOutcome, type LessonStep,
} from './lesson-driver';

const LESSONS = listLessons();
// One lesson per band; together they have every step kind (sort and reflection in A-3, order and
// chat in B-2 and C-1, spot in D-1).
const SHOT_LESSONS = new Set(['a-3', 'b-2', 'c-1', 'd-1']);
const SHOT_DIR = path.join(SCREENSHOT_DIR, 'lessons');
const TIMEOUT = 15_000;

let server: ServerProcess;
let session: BrowserSession;
let added: Promise<string> | undefined;
const outcomes = new Map<string, LessonOutcome>();
const findings: string[] = [];
const t0 = Date.now();

beforeAll(async () => {
  fs.rmSync(SHOT_DIR, { recursive: true, force: true });
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  server = await startServer();
  session = await openBrowser({ allowedOrigin: server.url });
  session.page.setDefaultTimeout(TIMEOUT);
}, 90_000);

afterAll(async () => {
  const rows = LESSONS.map((l) => {
    const o = outcomes.get(l.id);
    return o ? `${l.id.padEnd(52)} ${o.percentText.padStart(5)} ${o.scoreState.padEnd(10)} ${(o.ms / 1000).toFixed(1)} s  ${Object.entries(o.stepMs).map(([k, v]) => `${k}:${(v / 1000).toFixed(1)}`).join(' ')}` : `${l.id.padEnd(52)} (not finished)`;
  });
  fs.writeFileSync(path.join(SHOT_DIR, 'findings.json'), JSON.stringify({ outcomes: Object.fromEntries(outcomes), findings }, null, 2));
  console.log(`lessons played in ${((Date.now() - t0) / 1000).toFixed(0)} s:\n${rows.join('\n')}${findings.length ? `\nlayout findings:\n${findings.join('\n')}` : ''}`);
  await session?.close();
  if (server) await server.stop();
}, 30_000);

/** Waits two animation frames in the tool's frame so a resize has been laid out. */
async function settle(frame: Frame): Promise<void> {
  await frame.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/**
 * Full-page shots of the LMS page at 360 and 1280 px, with the window made tall enough that the
 * tool's iframe (80vh on phones, 75vh wider) shows the whole step without inner scrolling. Also
 * notes any element of the tool's page that sticks out to the right at that width.
 */
async function shoot(page: Page, frame: Frame, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 360, height: 780 };
  try {
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: original.height });
      await settle(frame);
      const h = await frame.evaluate(() => document.documentElement.scrollHeight);
      const ratio = width <= 480 ? 0.8 : 0.75;
      await page.setViewportSize({ width, height: Math.min(8000, Math.max(original.height, Math.ceil((h + 60) / ratio))) });
      await settle(frame);
      const over = await frame.evaluate(() => {
        const cw = document.documentElement.clientWidth;
        const out: string[] = [];
        if (document.documentElement.scrollWidth > cw) out.push(`page scrollWidth ${document.documentElement.scrollWidth} > ${cw}`);
        for (const el of Array.from(document.querySelectorAll('body *'))) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || (el as HTMLElement).offsetParent === null) continue;
          if (r.right > cw + 1 && !el.closest('.visually-hidden')) {
            out.push(`${el.tagName.toLowerCase()}.${String((el as HTMLElement).className).trim().split(/\s+/).join('.')} right=${Math.round(r.right)} > ${cw}`);
          }
        }
        return out.slice(0, 5);
      });
      for (const o of over) findings.push(`${name} @${width}px: ${o}`);
      await page.screenshot({ path: path.join(SHOT_DIR, `${name}-${width}.png`), fullPage: true });
    }
  } finally {
    await page.setViewportSize(original);
  }
}

/** Adds every lesson once (shared by all tests, so one lesson can also be run alone with -t). */
function addAll(): Promise<string> {
  added ??= addLessonsByDeepLinking(session.page, server.url, LESSONS.map((l) => l.id), 30_000);
  return added;
}

test('the teacher adds every lesson in one deep-linking selection', async () => {
  const { page } = session;
  const heading = await addAll();
  expect(heading).toMatch(new RegExp(`^${LESSONS.length} activities added`));
  await page.goto(`${server.url}/demo?locale=en`);
  await firstClass(page).waitFor();
  for (const l of LESSONS) {
    expect({ lesson: l.id, activities: await addedActivity(page, l.id).count() }).toEqual({ lesson: l.id, activities: 1 });
  }
}, 60_000);

test.each(LESSONS.map((l, i) => [l.id, l, i] as const))('%s: a student plays it to the end with the right answers', async (id, lesson, i) => {
  await addAll();
  const { page } = session;
  try {
    await page.goto(`${server.url}/demo?locale=en`);
    const activity = addedActivity(page, id);
    expect(await activity.count()).toBe(1);
    const students = await studentLaunches(activity);
    expect(students.length).toBeGreaterThanOrEqual(1);
    // Spread the lessons over the class's students; each pair is a first attempt.
    const student = students[i % students.length]!;
    await activity.locator('a.btn-student').nth(i % students.length).click();
    await page.waitForURL(/\/demo\/launch\?/);
    const frame = await toolFrame(page, server.url, /^\/play\/[0-9a-f-]+$/);

    const shots = SHOT_LESSONS.has(lesson.manifest.code.toLowerCase());
    const shotKinds = new Set<string>();
    const outcome = await playLesson({
      page, frame, lesson: lesson.manifest, timeout: TIMEOUT,
      onStep: shots ? async (step: LessonStep, phase) => {
        // Each kind once, after it is done (feedback shown); stories and help as first shown too.
        const tag = `${step.kind}${phase === 'shown' ? '-start' : ''}`;
        if (phase === 'shown' && !['story', 'chat', 'order', 'sort', 'spot'].includes(step.kind)) return;
        if (shotKinds.has(tag)) return;
        shotKinds.add(tag);
        await shoot(page, frame, `${lesson.manifest.code.toLowerCase()}-${String(lesson.manifest.steps.indexOf(step) + 1).padStart(2, '0')}-${tag}`);
      } : undefined,
      onResult: shots ? () => shoot(page, frame, `${lesson.manifest.code.toLowerCase()}-99-result`) : undefined,
    });
    outcomes.set(id, outcome);
    expect({ lesson: id, student: student.name, percent: outcome.percent, passed: outcome.passed, percentText: outcome.percentText })
      .toEqual({ lesson: id, student: student.name, percent: 100, passed: true, percentText: '100%' });
    expect(outcome.scoreState).toBe(lesson.manifest.completionOnly ? 'finished' : 'passed');
    if (!lesson.manifest.completionOnly) expect(outcome.verdictText).toContain('Passed');
  } finally {
    // Leave the tool before the next lesson, so no request of this one is still pending.
    await page.goto('about:blank').catch(() => undefined);
  }
}, 60_000);

test('nothing went wrong in the browser, and it was fast enough', () => {
  // Only meaningful when the whole file ran (not with -t picking one lesson).
  if (outcomes.size < LESSONS.length) return;
  expect(session.problems).toEqual([]);
});

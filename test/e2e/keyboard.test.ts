/**
 * One lesson with a chat and an order step (B-2) played to the end with the keyboard only, inside
 * the demo LMS iframe: Tab / Shift+Tab to move, Space / Enter to press, arrow keys in radio groups;
 * no mouse click and no element.click() once the lesson is open. After every key press the focused
 * element must show a focus indicator (lesson-driver.ts, keyboard mode). Setting up the activity
 * (deep linking as the teacher) is done with the mouse: it is not what this test is about.
 */
import type { Frame } from 'playwright-core';
import type { BrowserSession } from '../helpers/browser';
import type { ServerProcess } from '../helpers/server-process';
import { startToolAndBrowser, stopToolAndBrowser } from './tool-and-browser';
import { addedActivity, addLessonsByDeepLinking, listLessons, playLesson, studentLaunches, toolFrame } from './lesson-driver';

const LESSON = listLessons().find((l) => l.manifest.code === 'B-2');
const TIMEOUT = 15_000;

let server: ServerProcess;
let session: BrowserSession;

beforeAll(async () => { ({ server, session } = await startToolAndBrowser({ timeout: TIMEOUT })); }, 90_000);
// stop() rejects unless the tool shuts down by itself, with exit code 0, within 15 s of SIGTERM
afterAll(() => stopToolAndBrowser(server, session), 30_000);

test('B-2 by keyboard only: every step completed, 100 % and passed, focus always visible', async () => {
  if (!LESSON) throw new Error('there is no B-2 lesson package in modules/');
  const kinds = new Set(LESSON.manifest.steps.map((s) => s.kind));
  // The point of the test is the interactive kinds beyond quiz: keep it honest if B-2 changes.
  expect(['chat', 'order', 'sort'].some((k) => kinds.has(k as 'chat'))).toBe(true);
  const { page } = session;
  expect(await addLessonsByDeepLinking(page, server.url, [LESSON.id])).toMatch(/^1 activity added/);

  await page.goto(`${server.url}/demo?locale=en`);
  const activity = addedActivity(page, LESSON.id);
  expect(await activity.count()).toBe(1);
  const [student] = await studentLaunches(activity);
  expect(student).toBeDefined();
  // Opening the launch URL is navigation, not a click; from here on only the keyboard is used.
  await page.goto(student!.href);
  const frame: Frame = await toolFrame(page, server.url, /^\/play\/[0-9a-f-]+$/);

  const outcome = await playLesson({ page, frame, lesson: LESSON.manifest, keyboard: true, timeout: TIMEOUT });
  console.log(`${LESSON.id} by keyboard: ${outcome.percentText} ${outcome.verdictText} in ${(outcome.ms / 1000).toFixed(1)} s, ${outcome.actions} key presses; `
    + `focus on outline-less reading targets (step headings, chat questions): ${outcome.quietFocus.length} (${[...new Set(outcome.quietFocus)].join(', ')}); `
    + `focus briefly lost while a request ran: ${outcome.focusLost.length}\n  ${outcome.focusLost.join('\n  ')}`);
  expect(outcome).toMatchObject({ percent: 100, passed: true, percentText: '100%', scoreState: 'passed' });
  expect(outcome.actions).toBeGreaterThan(LESSON.manifest.steps.length);
  expect(session.problems).toEqual([]);
}, 120_000);

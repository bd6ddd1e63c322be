/**
 * The lesson driver must fail when the behaviour it checks breaks, or the all-lessons test
 * (lessons.test.ts) would pass on a broken product. Each case breaks one thing on purpose, in the
 * browser or in the driver's copy of the lesson (never in the app), and expects playLesson to
 * reject with a message that names the problem:
 * - a chat that stops after the first choice (the answers API says `next: null`);
 * - a lesson whose "right" answers do not earn full points (the driver's copy of the right order
 *   differs from the package the server scores with);
 * - a step that cannot be completed (the order step's Up/Down buttons are gone);
 * - keyboard mode with no visible focus indicator (all outlines and shadows removed).
 */
import type { Frame, Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type ServerProcess } from '../helpers/server-process';
import { addedActivity, addLessonsByDeepLinking, listLessons, playLesson, toolFrame, type LessonManifest } from './lesson-driver';

const ALL = listLessons();
const B2 = ALL.find((l) => l.manifest.code === 'B-2')!;
const C1 = ALL.find((l) => l.manifest.code === 'C-1')!;
// Short: every case is expected to fail, and a missing element should fail fast.
const TIMEOUT = 4_000;

let server: ServerProcess;
let session: BrowserSession;

beforeAll(async () => {
  if (!B2 || !C1) throw new Error('these cases need the B-2 and C-1 lesson packages');
  server = await startServer();
  session = await openBrowser({ allowedOrigin: server.url });
  session.page.setDefaultTimeout(15_000);
  await addLessonsByDeepLinking(session.page, server.url, [B2.id, C1.id]);
}, 90_000);

afterAll(async () => {
  await session?.close();
  if (server) await server.stop();
}, 30_000);

/** Launches `lessonId` as the class's student number `n` (each case needs a fresh attempt). */
async function launch(page: Page, lessonId: string, n: number): Promise<Frame> {
  await page.goto(`${server.url}/demo?locale=en`);
  await addedActivity(page, lessonId).locator('a.btn-student').nth(n).click();
  await page.waitForURL(/\/demo\/launch\?/);
  return toolFrame(page, server.url, /^\/play\/[0-9a-f-]+$/);
}

test('a chat that stops after the first choice fails the play', async () => {
  const { page } = session;
  // Rewrites the server's answer to every chat decision: the conversation "ends" at once.
  await page.route(/\/api\/attempts\/[^/]+\/answers(\?|$)/, async (route) => {
    const res = await route.fetch();
    const json = await res.json() as { key?: string; next?: string | null };
    if (json.key?.startsWith('chat/')) json.next = null;
    await route.fulfill({ response: res, json });
  });
  try {
    const frame = await launch(page, B2.id, 0);
    await expect(playLesson({ page, frame, lesson: B2.manifest, timeout: TIMEOUT }))
      .rejects.toThrow(/step "chat".*server answered next=null, the lesson says n2/);
  } finally {
    await page.unroute(/\/api\/attempts\/[^/]+\/answers(\?|$)/);
  }
}, 60_000);

test('a lesson whose right answers do not earn full points fails the play', async () => {
  const { page } = session;
  const frame = await launch(page, C1.id, 0);
  // The driver's copy says the reverse order is right; the server scores with the real package.
  const lesson = structuredClone(C1.manifest) as LessonManifest;
  const order = lesson.steps.find((s) => s.kind === 'order')!;
  (order as unknown as { items: unknown[] }).items.reverse();
  await expect(playLesson({ page, frame, lesson, timeout: TIMEOUT }))
    .rejects.toThrow(new RegExp(`step "${order.id}" \\(order\\): the right answer to ${order.id} was not given full points`));
}, 60_000);

test('a step the driver cannot complete fails the play', async () => {
  const { page } = session;
  const frame = await launch(page, B2.id, 1);
  await expect(playLesson({
    page, frame, lesson: B2.manifest, timeout: TIMEOUT,
    onStep: async (step, phase) => {
      // The order step loses its Up/Down buttons, so its items cannot be moved.
      if (step.kind === 'order' && phase === 'shown') await frame.evaluate(() => document.querySelectorAll('.order__moves').forEach((m) => m.remove()));
    },
  })).rejects.toThrow(/order__item.*data-move="up"|Timeout/);
}, 60_000);

test('keyboard mode fails when the focused element shows no focus indicator', async () => {
  const { page } = session;
  const frame = await launch(page, B2.id, 2);
  // Through the CSSOM, which the tool's CSP allows (an inline <style> would be blocked).
  await frame.evaluate(() => {
    const sheet = document.styleSheets[0]!;
    sheet.insertRule('* { outline: none !important; box-shadow: none !important; }', sheet.cssRules.length);
  });
  await expect(playLesson({ page, frame, lesson: B2.manifest, keyboard: true, timeout: TIMEOUT }))
    .rejects.toThrow(/shows no focus indicator/);
}, 60_000);

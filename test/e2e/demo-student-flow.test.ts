/**
 * The whole product path in a real browser, through the built-in demo LMS and real LTI 1.3
 * messages: a student of the first class launches lesson B-3 inside the LMS iframe, stops half
 * way, comes back and resumes where they stopped with earlier answers locked and explained,
 * finishes with every answer right and submits; the score reaches the LMS gradebook through AGS;
 * the class teacher sees the student passed with the grade sent, and another student who only
 * opened the lesson as in progress. Screenshots at 360 px and 1280 px go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Locator, Page, Response } from 'playwright-core';
import type { BrowserSession } from '../helpers/browser';
import type { ServerProcess } from '../helpers/server-process';
import { startToolAndBrowser, stopToolAndBrowser } from './tool-and-browser';

const LESSON_ID = 'b-3-scams-aimed-at-teens';
const MODULES = process.env.E2E_MODULES_DIR ?? path.resolve(__dirname, '..', '..', 'modules');
const LESSON_DIR = path.join(MODULES, LESSON_ID, 'v1');

interface LessonOption { id: string; correct: boolean }
interface LessonItem { id: string; type: string; options: LessonOption[] }
interface LessonStep {
  id: string; kind: string; draw?: number;
  slides?: unknown[];
  artefact?: { segments: Array<{ id: string; flag: boolean }> };
  items?: LessonItem[];
}
interface LessonJson { id: string; steps: LessonStep[] }

// The test reads the lesson package itself to know the right answers: the page never says.
const lesson = JSON.parse(fs.readFileSync(path.join(LESSON_DIR, 'lesson.json'), 'utf8')) as LessonJson;
const viText = JSON.parse(fs.readFileSync(path.join(LESSON_DIR, 'locales', 'vi.json'), 'utf8')) as Record<string, string>;
const stepOf = (kind: string): LessonStep => {
  const s = lesson.steps.find((x) => x.kind === kind);
  if (!s) throw new Error(`lesson ${LESSON_ID} has no ${kind} step; this test expects story, spot, quiz, help`);
  return s;
};
const story = stepOf('story');
const spot = stepOf('spot');
const quiz = stepOf('quiz');
const help = stepOf('help');
const stepIndex = (s: LessonStep) => lesson.steps.indexOf(s) + 1;
const flagged = spot.artefact!.segments.filter((s) => s.flag).map((s) => s.id);
const correctOptions = (itemId: string): string[] => {
  const item = quiz.items!.find((i) => i.id === itemId);
  if (!item) throw new Error(`drawn item ${itemId} is not in the lesson's quiz bank`);
  return item.options.filter((o) => o.correct).map((o) => o.id);
};

const TIMEOUT = 10_000;
let server: ServerProcess;
let session: BrowserSession;

beforeAll(async () => { ({ server, session } = await startToolAndBrowser({ timeout: TIMEOUT })); }, 75_000);
// stop() rejects unless the tool shuts down by itself, with exit code 0, within 15 s of SIGTERM
afterAll(() => stopToolAndBrowser(server, session), 30_000);

/** The demo home's first class section. */
function firstClass(page: Page): Locator {
  return page.locator('section.card.class').first();
}

/** The B-3 activity in the first class; found by its lesson id, not by position, since the catalogue grows. */
function b3Activity(page: Page): Locator {
  return firstClass(page).locator('li.activity').filter({ has: page.locator('code', { hasText: new RegExp(`^${LESSON_ID}$`) }) });
}

async function openDemoHome(page: Page): Promise<void> {
  await page.goto(`${server.url}/demo?locale=en`);
  await firstClass(page).waitFor();
}

/**
 * Back to the demo home the way a user goes: the LMS breadcrumb. That link drops the lesson
 * language (it points at /demo without ?locale), so pick English again as a user would.
 */
async function backToDemoHome(page: Page): Promise<void> {
  await page.locator('nav.crumbs a').first().click();
  await firstClass(page).waitFor();
  const english = page.locator('nav.locale-switch a[lang="en"]');
  if (await english.getAttribute('aria-current') !== 'true') {
    await english.click();
    await page.locator('nav.locale-switch a[lang="en"][aria-current="true"]').waitFor();
  }
}

/** Fails with a clear message when the demo school offers no B-3 activity in its first class. */
async function expectB3Activity(page: Page): Promise<Locator> {
  const activity = b3Activity(page);
  const n = await activity.count();
  if (n !== 1) {
    const offered = await firstClass(page).locator('li.activity code').allTextContents();
    throw new Error(`the demo home's first class should have one activity for ${LESSON_ID}; it has ${n} (activities offered: ${offered.join(', ') || 'none'})`);
  }
  return activity;
}

/** Clicks "Launch as <name>" on the demo home and returns the tool's frame once it shows `path`. */
async function launchAs(page: Page, name: string, toolPath: RegExp): Promise<Frame> {
  const activity = await expectB3Activity(page);
  await activity.getByRole('link', { name: `Launch as ${name} (` }).click();
  await page.waitForURL(/\/demo\/launch\?/);
  const iframe = page.locator('iframe#tool-frame');
  await iframe.waitFor({ state: 'visible' });
  const frame = await (await iframe.elementHandle())!.contentFrame();
  if (!frame) throw new Error('the LMS page has no tool frame');
  // Login initiation → demo OIDC auth → auto-submitted form_post → tool launch → redirect, all inside the iframe.
  await frame.waitForURL((u) => u.origin === server.url && toolPath.test(u.pathname), { timeout: 15_000 });
  await frame.waitForLoadState('load');
  return frame;
}

/** Student names and ids from the activity's launch links. */
async function launchers(page: Page, role: 'student' | 'teacher'): Promise<Array<{ name: string; userId: string }>> {
  const links = (await expectB3Activity(page)).locator(`a.btn-${role}`);
  await links.first().waitFor();
  return links.evaluateAll((els) => els.map((a) => {
    const href = new URL((a as HTMLAnchorElement).href);
    const text = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { name: text.replace(/^Launch as /, '').replace(/ \((student|teacher)\)$/, ''), userId: href.searchParams.get('user') ?? '' };
  }));
}

function waitForApi(page: Page, method: string, pathEnd: RegExp): Promise<Response> {
  return page.waitForResponse((r) => r.request().method() === method && pathEnd.test(new URL(r.url()).pathname));
}

/** Next, onto a new step: waits for the position save (what resume relies on) and the step to show. */
async function nextStep(page: Page, frame: Frame, to: LessonStep): Promise<void> {
  const saved = waitForApi(page, 'PUT', /\/api\/attempts\/[^/]+\/position$/);
  await frame.locator('#btn-next').click();
  expect((await saved).status()).toBe(204);
  await frame.locator(`#step-${to.id}`).waitFor({ state: 'visible' });
}

async function checkAndExpectRight(page: Page, box: Locator, key: string): Promise<void> {
  const answered = waitForApi(page, 'POST', /\/api\/attempts\/[^/]+\/answers$/);
  await box.locator('.js-check').click();
  const res = await answered;
  expect(res.status()).toBe(200);
  const body = await res.json() as { key: string; correct: boolean; points: number; maxPoints: number };
  expect(body).toMatchObject({ key, correct: true });
  expect(body.points).toBe(body.maxPoints);
  await box.locator('.feedback .outcome--right').waitFor({ state: 'visible' });
  expect(await box.getAttribute('data-answered')).toBe('true');
  expect(await box.locator('.js-check').count()).toBe(0);
}

async function answerQuizItem(page: Page, frame: Frame, key: string): Promise<void> {
  const itemId = key.split('/')[1]!;
  const item = frame.locator(`#step-${quiz.id} li.item[data-key="${key}"]`);
  // Choose by clicking the labels, as a learner taps them.
  for (const opt of correctOptions(itemId)) {
    await item.locator(`label[for="q-${quiz.id}-${itemId}-${opt}"]`).click();
    expect(await item.locator(`input[value="${opt}"]`).isChecked()).toBe(true);
  }
  await checkAndExpectRight(page, item, key);
}

async function progressText(frame: Frame): Promise<string> {
  return ((await frame.locator('#progress-text').textContent()) ?? '').trim();
}

/** The gradebook cell of one student for the B-3 line item (its column label is the lesson's Vietnamese title). */
async function gradebookCell(page: Page, userId: string): Promise<Locator> {
  const title = viText['lesson.title']!;
  const header = page.locator('table.gradebook thead th[data-line-item]').filter({ hasText: title });
  expect(await header.count()).toBe(1);
  const lineItemId = (await header.getAttribute('data-line-item'))!;
  return page.locator(`table.gradebook tr[data-user="${userId}"] td[data-line-item="${lineItemId}"]`);
}

test('demo LMS: a student plays B-3, resumes, passes; the score reaches the gradebook; the teacher sees it', async () => {
  const { page } = session;

  // --- Demo home --------------------------------------------------------------------------
  await openDemoHome(page);
  await session.screenshot('01-demo-home');
  const students = await launchers(page, 'student');
  const [teacher] = await launchers(page, 'teacher');
  expect(students.length).toBeGreaterThanOrEqual(2);
  expect(teacher).toBeDefined();
  const [student, other] = students as [{ name: string; userId: string }, { name: string; userId: string }];

  // --- First visit: story, spot, half the quiz ----------------------------------------------
  let frame = await launchAs(page, student.name, /^\/play\/[0-9a-f-]+$/);
  const attemptPath = new URL(frame.url()).pathname;
  await frame.locator('#player-nav').waitFor({ state: 'visible' });
  await frame.locator(`#step-${story.id}`).waitFor({ state: 'visible' });
  expect(await progressText(frame)).toBe(`Step 1 of ${lesson.steps.length}`);
  await frame.locator(`#step-${story.id} .slide[data-slide="1"]`).waitFor({ state: 'visible' });
  await session.screenshot('02-lms-player-story');
  // Next moves through the slides of the story first, then to the next step.
  for (let n = 2; n <= story.slides!.length; n++) {
    await frame.locator('#btn-next').click();
    await frame.locator(`#step-${story.id} .slide[data-slide="${n}"]`).waitFor({ state: 'visible' });
  }
  await nextStep(page, frame, spot);

  let spotBox = frame.locator(`#step-${spot.id} .spot`);
  for (const seg of flagged) {
    await spotBox.locator(`.seg[data-seg="${seg}"]`).click();
    await spotBox.locator(`.seg[data-seg="${seg}"][aria-pressed="true"]`).waitFor();
  }
  await checkAndExpectRight(page, spotBox, spot.id);
  await nextStep(page, frame, quiz);

  const drawn = await frame.locator(`#step-${quiz.id} li.item`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key ?? ''));
  expect(drawn).toHaveLength(quiz.draw ?? quiz.items!.length);
  expect(new Set(drawn).size).toBe(drawn.length);
  for (const key of drawn) expect(key).toMatch(new RegExp(`^${quiz.id}/`));
  const half = Math.floor(drawn.length / 2);
  for (const [i, key] of drawn.slice(0, half).entries()) {
    await answerQuizItem(page, frame, key);
    if (i === 0) {
      await frame.locator(`#step-${quiz.id} li.item[data-key="${key}"]`).scrollIntoViewIfNeeded();
      await session.screenshot('03-lms-player-quiz-checked');
    }
  }

  // --- Leave, come back: resume at the same step, earlier answers locked with feedback ----------
  await backToDemoHome(page);
  frame = await launchAs(page, student.name, /^\/play\/[0-9a-f-]+$/);
  expect(new URL(frame.url()).pathname).toBe(attemptPath);
  await frame.locator('#player-nav').waitFor({ state: 'visible' });
  await frame.locator(`#step-${quiz.id}`).waitFor({ state: 'visible' });
  expect(await frame.locator(`#step-${story.id}`).isHidden()).toBe(true);
  expect(await progressText(frame)).toBe(`Step ${stepIndex(quiz)} of ${lesson.steps.length}`);
  expect(await frame.locator(`#step-${quiz.id} li.item`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key ?? ''))).toEqual(drawn);
  for (const [i, key] of drawn.entries()) {
    const item = frame.locator(`#step-${quiz.id} li.item[data-key="${key}"]`);
    if (i < half) {
      expect(await item.getAttribute('data-answered')).toBe('true');
      // Locked: every choice is disabled (the fieldset is), so the answer cannot change.
      expect(await item.locator('input').evaluateAll((els) => els.every((e) => e.matches(':disabled')))).toBe(true);
      expect(await item.locator('.js-check').count()).toBe(0);
      expect(await item.locator('.feedback .outcome--right').isVisible()).toBe(true);
      expect(await item.locator('.feedback__list .fb').count()).toBe(await item.locator('input').count());
      const checked = await item.locator('input:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).sort());
      expect(checked).toEqual(correctOptions(key.split('/')[1]!).sort());
    } else {
      expect(await item.getAttribute('data-answered')).toBeNull();
      expect(await item.locator('input').evaluateAll((els) => els.some((e) => e.matches(':disabled')))).toBe(false);
      expect(await item.locator('.js-check').isVisible()).toBe(true);
      expect(await item.locator('.feedback .outcome').count()).toBe(0);
    }
  }
  // Back to the spot step: still marked as before, locked, and explained.
  spotBox = frame.locator(`#step-${spot.id} .spot`);
  const backSaved = waitForApi(page, 'PUT', /\/position$/);
  await frame.locator('#btn-back').click();
  expect((await backSaved).status()).toBe(204);
  await frame.locator(`#step-${spot.id}`).waitFor({ state: 'visible' });
  expect(await spotBox.getAttribute('data-answered')).toBe('true');
  expect(await spotBox.locator('.js-check').count()).toBe(0);
  expect(await spotBox.locator('.feedback .outcome--right').isVisible()).toBe(true);
  const segState = await spotBox.locator('.seg').evaluateAll((els) => els.map((e) => ({
    id: e.getAttribute('data-seg'), pressed: e.getAttribute('aria-pressed') === 'true', disabled: (e as HTMLButtonElement).disabled,
  })));
  expect(segState).toEqual(spot.artefact!.segments.map((s) => ({ id: s.id, pressed: s.flag, disabled: true })));
  expect(await spotBox.locator('.feedback__list .fb--found').count()).toBe(flagged.length);
  expect(await spotBox.locator('.feedback__list .fb--missed, .feedback__list .fb--wrong').count()).toBe(0);
  await nextStep(page, frame, quiz);

  // --- Finish and submit ------------------------------------------------------------------
  for (const key of drawn.slice(half)) await answerQuizItem(page, frame, key);
  await nextStep(page, frame, help);
  await frame.locator('#btn-submit').waitFor({ state: 'visible' });
  expect(await frame.locator('#btn-next').isHidden()).toBe(true);
  expect((await frame.locator('#unanswered-text').textContent())?.trim()).toBe('You have answered every question. Ready to submit?');
  const submitted = waitForApi(page, 'POST', /\/api\/attempts\/[^/]+\/submit$/);
  await frame.locator('#btn-submit').click();
  const submitRes = await submitted;
  expect(submitRes.status()).toBe(200);
  expect(await submitRes.json()).toMatchObject({ percent: 100, passed: true });
  await frame.waitForURL((u) => /^\/attempts\/[0-9a-f-]+\/result$/.test(u.pathname));
  await frame.locator('.score__percent').waitFor({ state: 'visible' });
  expect((await frame.locator('.score__percent').textContent())?.trim()).toBe('100%');
  expect(await frame.locator('.score.score--passed').count()).toBe(1);
  expect(await frame.locator('.score__verdict').textContent()).toContain('Passed');
  expect(await frame.locator('.must-pass').count()).toBe(0);
  await session.screenshot('04-lms-result');

  // --- The LMS gradebook: the score arrives through AGS, asynchronously ------------------------
  await backToDemoHome(page);
  await firstClass(page).getByRole('link', { name: 'Gradebook' }).click();
  await page.waitForURL(/\/demo\/classes\/[^/]+\/gradebook/);
  const readScore = async () => {
    const cell = await gradebookCell(page, student.userId);
    return (await cell.locator('.score').count()) ? ((await cell.locator('.score').textContent()) ?? '').trim() : '';
  };
  const deadline = Date.now() + 15_000;
  let score = await readScore();
  while (!score && Date.now() < deadline) {
    // Polling the gradebook is the one fixed wait here: the grade worker posts on its own schedule.
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
    score = await readScore();
  }
  if (!score) {
    const gradeLines = server.logs.filter((l) => /grade|score|ags|worker|token/i.test(l) && !/"msg":"request"/.test(l));
    throw new Error(`the score never reached the demo gradebook within 15 s; the tool's grade log lines:\n${gradeLines.slice(-15).join('\n') || '(none)'}`);
  }
  const cell = await gradebookCell(page, student.userId);
  expect(score).toBe('100 / 100');
  const progress = ((await cell.locator('.progress').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  expect(progress).toBe('Completed · FullyGraded');
  const raw = JSON.parse((await cell.locator('pre').textContent()) ?? '{}') as Record<string, unknown>;
  expect(raw).toMatchObject({ scoreGiven: 100, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  expect(await (await gradebookCell(page, other.userId)).locator('.score').count()).toBe(0);
  await session.screenshot('05-demo-gradebook');

  // --- Another student opens the lesson and leaves it unfinished -----------------------------
  await openDemoHome(page);
  frame = await launchAs(page, other.name, /^\/play\/[0-9a-f-]+$/);
  await frame.locator('#player-nav').waitFor({ state: 'visible' });

  // --- The teacher's view -----------------------------------------------------------------
  await backToDemoHome(page);
  frame = await launchAs(page, teacher!.name, /^\/teach\/assignments\/[0-9a-f-]+$/);
  const roster = frame.locator('table.roster');
  await roster.waitFor({ state: 'visible' });
  const row = (name: string) => roster.locator('tbody tr').filter({ has: frame.locator('th', { hasText: name }) });
  const passedRow = row(student.name);
  expect(await passedRow.count()).toBe(1);
  expect(await passedRow.getAttribute('data-status')).toBe('passed');
  expect((await passedRow.locator('.badge--passed').textContent())?.trim()).toBe('Passed');
  expect((await passedRow.locator('td').nth(1).textContent())?.trim()).toBe('100%');
  expect((await passedRow.locator('.badge--sync-done').textContent())?.trim()).toBe('Sent');
  const openRow = row(other.name);
  expect(await openRow.count()).toBe(1);
  expect(await openRow.getAttribute('data-status')).toBe('in_progress');
  expect((await openRow.locator('.badge--in_progress').textContent())?.trim()).toBe('In progress');
  expect(await openRow.locator('[class*="badge--sync-"]').count()).toBe(0);
  await session.screenshot('06-lms-teacher-view');

  // --- Nothing leaked, nothing broke --------------------------------------------------------
  expect(session.problems).toEqual([]);
  // Pino lines must carry no personal data: no learner or teacher names, LMS user ids or emails.
  for (const who of [student, other, teacher!]) {
    expect(server.logs.filter((l) => l.includes(who.name))).toEqual([]);
    expect(server.logs.filter((l) => l.includes(`"${who.userId}"`) || l.includes(`=${who.userId}`))).toEqual([]);
  }
  expect(server.logs.filter((l) => /[\w.+-]+@[\w-]+\.[a-z]{2,}/i.test(l))).toEqual([]);
}, 90_000);

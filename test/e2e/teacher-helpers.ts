/**
 * Helpers for the teacher and administrator browser tests: a lesson player variant that answers
 * quiz items wrongly on purpose (the class misconception needs a wrong answer the server stored),
 * keyboard-only navigation with a focus-visibility check after every key press (across the LMS
 * page and the tool's iframe), and screenshots of the tool's frame at 360 and 1280 px into
 * test-results/screenshots/teacher/ with a note of anything sticking out sideways.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Locator, Page, Response } from 'playwright-core';
import { SCREENSHOT_DIR } from '../helpers/browser';
import type { LessonManifest, LessonStep, QuizItem, QuizOption } from './lesson-driver';

/** A quiz option with its lesson text keys (lesson-driver's type leaves them out). */
export type TextedOption = QuizOption & { text?: string; feedback: string };

export const TEACHER_SHOT_DIR = path.join(SCREENSHOT_DIR, 'teacher');

// ---------- playing with mistakes ----------

export interface WrongChoice { key: string; item: QuizItem; option: TextedOption }
export interface MistakenOutcome { percent: number; passed: boolean; drawn: string[]; wrong: WrongChoice[] }

/**
 * Plays a lesson made of story, quiz and help steps and, for every drawn quiz item `wrongOn`
 * picks, chooses only the FIRST wrong option (by label click, as a learner taps it); other items
 * get their right answers. Each check must come back as the server's verdict: wrong items not
 * correct, right ones full marks. Then submits. Other step kinds are refused: this variant is for
 * lessons whose only scored step is the quiz, so the final percent is predictable.
 */
export async function playWithMistakes(opts: {
  page: Page; frame: Frame; lesson: LessonManifest; wrongOn: (key: string, index: number) => boolean; timeout?: number;
}): Promise<MistakenOutcome> {
  const { page, frame, lesson } = opts;
  const timeout = opts.timeout ?? 10_000;
  const unsupported = lesson.steps.filter((s) => !['story', 'quiz', 'help'].includes(s.kind));
  if (unsupported.length) throw new Error(`${lesson.id}: playWithMistakes handles story/quiz/help only, not ${unsupported.map((s) => s.kind).join(', ')}`);
  const api = (method: string, end: RegExp) => page.waitForResponse((r: Response) => r.request().method() === method && r.frame() === frame && end.test(new URL(r.url()).pathname), { timeout });
  const drawn: string[] = [];
  const wrong: WrongChoice[] = [];
  await frame.locator('#player-nav').waitFor({ state: 'visible', timeout });

  for (const [i, step] of lesson.steps.entries()) {
    if (i > 0) {
      const saved = api('PUT', /\/position$/);
      await frame.locator('#btn-next').click({ timeout });
      expect((await saved).status()).toBe(204);
    }
    const section = frame.locator(`#step-${step.id}`);
    await section.waitFor({ state: 'visible', timeout });
    if (step.kind === 'story') {
      for (let s = 2; s <= (step.slides?.length ?? 0); s++) {
        await frame.locator('#btn-next').click({ timeout });
        await section.locator(`.slide[data-slide="${s}"]`).waitFor({ state: 'visible', timeout });
      }
    } else if (step.kind === 'quiz') {
      await answerQuiz(step, section);
    }
  }

  const submitted = api('POST', /\/submit$/);
  await frame.locator('#btn-submit').click({ timeout });
  const res = await submitted;
  expect(res.status()).toBe(200);
  const sub = await res.json() as { percent: number; passed: boolean };
  await frame.waitForURL((u) => /^\/attempts\/[0-9a-f-]+\/result$/.test(u.pathname), { timeout });
  return { percent: sub.percent, passed: sub.passed, drawn, wrong };

  async function answerQuiz(step: LessonStep, section: Locator): Promise<void> {
    const keys = await section.locator('li.item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key ?? ''));
    for (const [n, key] of keys.entries()) {
      drawn.push(key);
      const item = step.items!.find((it) => `${step.id}/${it.id}` === key);
      if (!item) throw new Error(`${lesson.id}: drawn item ${key} is not in the lesson's bank`);
      const box = section.locator(`li.item[data-key="${key}"]`);
      const makeWrong = opts.wrongOn(key, n);
      const choose = makeWrong ? [item.options.find((o) => !o.correct)!] : item.options.filter((o) => o.correct);
      if (!choose[0]) throw new Error(`${key} has no wrong option to choose`);
      for (const o of choose) {
        await box.locator(`label[for="q-${step.id}-${item.id}-${o.id}"]`).click({ timeout });
        expect(await box.locator(`input[value="${o.id}"]`).isChecked()).toBe(true);
      }
      const answered = api('POST', /\/answers$/);
      await box.locator('.js-check').click({ timeout });
      const r = await answered;
      expect(r.status()).toBe(200);
      const body = await r.json() as { key: string; correct: boolean; points: number; maxPoints: number };
      expect({ key: body.key, correct: body.correct }).toEqual({ key, correct: !makeWrong });
      if (!makeWrong) expect(body.points).toBe(body.maxPoints);
      await box.locator(`.feedback .outcome--${makeWrong ? 'wrong' : 'right'}`).waitFor({ state: 'visible', timeout });
      if (makeWrong) wrong.push({ key, item, option: choose[0] as TextedOption });
    }
  }
}

// ---------- keyboard only ----------

interface FocusState { desc: string; visible: boolean; hasFocus: boolean; dateLike?: boolean }

/* Runs in the browser: the focused element and whether it shows an outline or box-shadow (for a radio or checkbox, also its label's). */
function focusInPage(): FocusState {
  const el = document.activeElement as HTMLElement | null;
  const hasFocus = document.hasFocus();
  if (!el || el === document.body) return { desc: 'body', visible: false, hasFocus };
  const shows = (e: Element): boolean => {
    const cs = getComputedStyle(e);
    return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow !== '' && cs.boxShadow !== 'none');
  };
  const viaLabel = el instanceof HTMLInputElement && el.labels !== null && Array.from(el.labels).some(shows);
  const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  const dateLike = el instanceof HTMLInputElement && /^(date|time|datetime-local|month|week)$/.test(el.type);
  return { desc: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}${text ? ` "${text}"` : ''}`, visible: shows(el) || viaLabel, hasFocus, dateLike };
}

export interface KeyboardDriver {
  /** Key presses so far, with where focus landed: for the test's log. */
  trail: string[];
  /** Stops where only the browser's own thin ring showed (the calendar button inside a date input). */
  weak: string[];
  /** Presses a key; unless it navigates, asserts the focused element shows a focus indicator. */
  press(key: string, context: string, navigates?: boolean): Promise<void>;
  /** Tab / Shift+Tab (whichever way the target lies) until `target` in the tool's frame has focus. */
  tabTo(target: Locator, context: string): Promise<void>;
  /** Switches to a new tool frame after a navigation. */
  setFrame(frame: Frame): void;
}

export function keyboardDriver(page: Page, initial: Frame, timeout = 10_000): KeyboardDriver {
  let frame = initial;
  const trail: string[] = [];
  const weak: string[] = [];

  async function focused(): Promise<FocusState & { where: 'tool' | 'lms' }> {
    const inner = await frame.evaluate(focusInPage).catch(() => ({ desc: 'body', visible: false, hasFocus: false }));
    if (inner.hasFocus) return { ...inner, where: 'tool' };
    return { ...(await page.evaluate(focusInPage)), where: 'lms' };
  }

  async function press(key: string, context: string, navigates = false): Promise<void> {
    await page.keyboard.press(key);
    if (navigates) { trail.push(`${key} (${context}) → navigates`); return; }
    let f = await focused();
    if (f.desc === 'body' && f.where === 'tool') {
      // A button that starts a request may be disabled for a moment; focus must come back by itself.
      const back = await frame.waitForFunction(() => document.activeElement && document.activeElement !== document.body, null, { timeout }).then(() => true, () => false);
      if (!back) throw new Error(`${context}: after ${key}, focus was lost in the tool and never came back`);
      f = await focused();
    }
    trail.push(`${key} → ${f.where}: ${f.desc}`);
    // Between the LMS page and the iframe's document for one press: nothing is focused on either side.
    if (f.desc === 'body' && f.where === 'lms') return;
    if (!f.visible && f.dateLike) {
      // Tab inside a date input reaches its calendar button, in the browser's closed shadow tree:
      // the page's :focus-visible outline is not applied to the input then, only Chromium's own
      // thin ring around the icon shows (seen in a screenshot), which computed styles cannot see.
      weak.push(`${context}: ${f.desc} (calendar button)`);
      return;
    }
    if (!f.visible) {
      // A picture of the moment, for a person to see what the keyboard user sees.
      fs.mkdirSync(TEACHER_SHOT_DIR, { recursive: true });
      const shot = path.join(TEACHER_SHOT_DIR, `focus-invisible-${trail.length}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${context}: after ${key}, the focused element (${f.where}) ${f.desc} shows no focus indicator (outline and box-shadow are none); see ${shot}`);
    }
  }

  async function tabTo(target: Locator, context: string): Promise<void> {
    await target.waitFor({ state: 'visible', timeout });
    for (let i = 0; i < 150; i++) {
      const rel = await target.evaluate((el) => {
        const a = document.activeElement;
        if (!document.hasFocus() || !a || a === document.body) return 'outside';
        if (a === el) return 'here';
        return el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_PRECEDING ? 'before' : 'after';
      });
      if (rel === 'here') return;
      await press(rel === 'after' ? 'Shift+Tab' : 'Tab', context);
    }
    throw new Error(`${context}: could not reach it with Tab / Shift+Tab in 150 presses (not in the tab order?)`);
  }

  return { trail, weak, press, tabTo, setFrame(f) { frame = f; } };
}

// ---------- screenshots ----------

/**
 * Full-page shots of the LMS page at 360 and 1280 px, the window made tall enough that the tool's
 * iframe (80vh on phones, 75vh wider) shows the whole tool page; returns elements of the tool's
 * page that stick out to the right (sideways scrolling at 360 px is a bug, WCAG 1.4.10).
 */
export async function shootFrame(page: Page, frame: Frame, name: string): Promise<string[]> {
  fs.mkdirSync(TEACHER_SHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? { width: 360, height: 780 };
  const findings: string[] = [];
  const settle = () => frame.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  try {
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: original.height });
      await settle();
      const h = await frame.evaluate(() => document.documentElement.scrollHeight);
      const ratio = width <= 480 ? 0.8 : 0.75;
      await page.setViewportSize({ width, height: Math.min(8000, Math.max(original.height, Math.ceil((h + 60) / ratio))) });
      await settle();
      const over = await frame.evaluate(() => {
        const cw = document.documentElement.clientWidth;
        const out: string[] = [];
        if (document.documentElement.scrollWidth > cw) out.push(`page scrollWidth ${document.documentElement.scrollWidth} > ${cw}`);
        for (const el of Array.from(document.querySelectorAll('body *'))) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || (el as HTMLElement).offsetParent === null || el.closest('.visually-hidden, .table-wrap, .report-table, .table-scroll')) continue;
          if (r.right > cw + 1) out.push(`${el.tagName.toLowerCase()}.${String((el as HTMLElement).className).trim().split(/\s+/).join('.')} right=${Math.round(r.right)} > ${cw}`);
        }
        return out.slice(0, 5);
      });
      for (const o of over) findings.push(`${name} @${width}px: ${o}`);
      await page.screenshot({ path: path.join(TEACHER_SHOT_DIR, `${name}-${width}.png`), fullPage: true });
    }
  } finally {
    await page.setViewportSize(original);
  }
  return findings;
}

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/**
 * Plays one lesson to the end in the real player (inside the demo LMS iframe), choosing the right
 * answers by reading the lesson's own package (lesson.json): the page never says which answer is
 * right, so the test knows it from the same data the server scores with. Every check is followed
 * by the server's verdict, and the driver fails as soon as a step cannot be completed or a checked
 * answer is not full marks, naming the lesson and step, so a content or player regression shows up
 * as a precise failure rather than as a lower final percent.
 *
 * `keyboard: true` does the same with the keyboard only (Tab / Shift+Tab / Space / Enter / arrow
 * keys, never a mouse click or element.click()), and after every key press asserts that the focused
 * element shows a focus indicator (an outline or box-shadow; for a visually hidden radio or checkbox,
 * its label's).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Locator, Page, Request, Response } from 'playwright-core';

// ---------- lesson.json, only the fields the driver needs ----------
export interface Choice { id: string; points: number; next?: string }
export interface ChatNode { id: string; choices?: Choice[]; outcome?: string }
export interface QuizOption { id: string; correct: boolean }
export interface QuizItem { id: string; type: 'single' | 'multiple' | 'truefalse'; options: QuizOption[] }
export interface LessonStep {
  id: string;
  kind: 'story' | 'spot' | 'quiz' | 'chat' | 'order' | 'sort' | 'reflection' | 'help';
  slides?: unknown[];
  artefact?: { segments: Array<{ id: string; flag: boolean }> };
  items?: Array<QuizItem & { id: string }>;
  draw?: number;
  start?: string;
  nodes?: ChatNode[];
  cards?: Array<{ id: string; group: string }>;
}
export interface LessonManifest { id: string; code: string; version: number; completionOnly?: boolean; ageBands: string[]; steps: LessonStep[] }

export const MODULES_DIR = process.env.E2E_MODULES_DIR ?? path.resolve(__dirname, '..', '..', 'modules');

/** The highest major version folder of every lesson package, as the catalogue serves it. */
export function listLessons(modulesDir = MODULES_DIR): Array<{ id: string; dir: string; manifest: LessonManifest }> {
  return fs.readdirSync(modulesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[a-z]-\d+-/.test(d.name))
    .map((d) => {
      const versions = fs.readdirSync(path.join(modulesDir, d.name)).filter((v) => /^v\d+$/.test(v)).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)));
      const dir = path.join(modulesDir, d.name, versions[0] ?? 'v1');
      return { id: d.name, dir, manifest: readLesson(dir) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function readLesson(dir: string): LessonManifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'lesson.json'), 'utf8')) as LessonManifest;
}

/** Best raw points reachable from a chat node (what the server's maximum is made of). */
function chatBest(step: LessonStep, nodeId: string, memo = new Map<string, number>()): number {
  const known = memo.get(nodeId);
  if (known !== undefined) return known;
  const node = step.nodes!.find((n) => n.id === nodeId);
  let best = 0;
  for (const c of node?.choices ?? []) best = Math.max(best, c.points + (c.next ? chatBest(step, c.next, memo) : 0));
  memo.set(nodeId, best);
  return best;
}

/**
 * The choice a careful learner takes: the most points at this decision. Ties (two equally safe
 * answers) go to the one whose branch can still earn the most, so the full score stays reachable.
 */
export function bestChoice(step: LessonStep, node: ChatNode): Choice {
  const choices = node.choices ?? [];
  const top = Math.max(...choices.map((c) => c.points));
  const tied = choices.filter((c) => c.points === top);
  tied.sort((a, b) => (b.next ? chatBest(step, b.next) : 0) - (a.next ? chatBest(step, a.next) : 0));
  return tied[0]!;
}

// ---------- the driver ----------
export type StepPhase = 'shown' | 'done';

export interface PlayOptions {
  /** The LMS page (network waits and keyboard input go through it). */
  page: Page;
  /** The tool's frame, already showing the player. */
  frame: Frame;
  lesson: LessonManifest;
  keyboard?: boolean;
  /** Called when a step is shown and when it is completed (screenshots). */
  onStep?: (step: LessonStep, phase: StepPhase) => Promise<void>;
  /** Called on the result page. */
  onResult?: () => Promise<void>;
  timeout?: number;
}

export interface LessonOutcome {
  lessonId: string;
  /** The submit API's answer. */
  percent: number;
  passed: boolean;
  /** The result page: ".score__percent" text, e.g. "100%". */
  percentText: string;
  /** The result page's verdict line, e.g. "Passed" or "You finished the lesson!". */
  verdictText: string;
  /** Result page state: "passed" | "not-passed" | "finished" (completion-only lessons). */
  scoreState: string;
  /** Keys pressed (keyboard mode) or clicks made (mouse mode). */
  actions: number;
  /** Focus stops (keyboard mode) where the focused element was a deliberately outline-less focus target (a step heading, a chat question). */
  quietFocus: string[];
  ms: number;
  /** Key presses (keyboard mode) after which focus fell to the body for a moment before the player moved it on (context → where it landed). */
  focusLost: string[];
  /** Milliseconds spent on each step (id → ms), to find a slow one. */
  stepMs: Record<string, number>;
}

interface AnswerResult { key: string; correct: boolean; points: number; maxPoints: number; next?: string | null }

class StepError extends Error {}

/** The focused element (in the frame if it has focus, else the LMS page) and whether it shows a focus indicator. */
interface FocusInfo { inFrame: boolean; desc: string; visible: boolean; quiet: boolean }

/* Runs in the browser. Kept as a string-free function so playwright can serialise it. */
function focusInfoInPage(): { desc: string; visible: boolean; quiet: boolean; hasFocus: boolean } {
  const el = document.activeElement as HTMLElement | null;
  const hasFocus = document.hasFocus();
  if (!el || el === document.body) return { desc: 'body', visible: false, quiet: false, hasFocus };
  const shows = (e: Element): boolean => {
    const cs = getComputedStyle(e);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== '' && cs.boxShadow !== 'none';
    return outline || shadow;
  };
  // A visually hidden radio or checkbox shows its focus on its label (segmented controls, options).
  const viaLabel = el instanceof HTMLInputElement && el.labels !== null && Array.from(el.labels).some(shows);
  const desc = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`
    + `${el.getAttribute('data-choice') ? `[data-choice=${el.getAttribute('data-choice')}]` : ''}${el.getAttribute('data-seg') ? `[data-seg=${el.getAttribute('data-seg')}]` : ''}`
    + `${el instanceof HTMLInputElement ? `[name=${el.name}][value=${el.value}]` : ''}`;
  // Headings and legends focused by script (tabindex=-1) are reading-position targets for screen
  // readers, not controls; the player styles them without an outline on purpose.
  const quiet = el.getAttribute('tabindex') === '-1' && /^(H1|H2|H3|LEGEND)$/.test(el.tagName);
  return { desc, visible: shows(el) || viaLabel, quiet, hasFocus };
}

export async function playLesson(opts: PlayOptions): Promise<LessonOutcome> {
  const { page, frame, lesson } = opts;
  const t0 = Date.now();
  const timeout = opts.timeout ?? 10_000;
  const kb = opts.keyboard === true;
  let actions = 0;
  const quietFocus: string[] = [];
  const stepMs: Record<string, number> = {};
  const focusLost: string[] = [];
  const where = (step: LessonStep, what: string) => `${lesson.id} step "${step.id}" (${step.kind}): ${what}`;

  // Every request body the page (and its frames) sends while playing: the reflection text must be in none.
  const bodies: string[] = [];
  const onRequest = (r: Request) => { bodies.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`); };
  page.on('request', onRequest);

  const isApi = (r: Response, method: string, end: RegExp) => r.request().method() === method && r.frame() === frame && end.test(new URL(r.url()).pathname);
  const waitApi = (method: string, end: RegExp) => page.waitForResponse((r) => isApi(r, method, end), { timeout });

  // ----- input primitives: the same intent, done by mouse or by keyboard -----
  async function focusInfo(): Promise<FocusInfo> {
    const inner = await frame.evaluate(focusInfoInPage);
    if (inner.hasFocus && inner.desc !== 'body') return { inFrame: true, desc: inner.desc, visible: inner.visible, quiet: inner.quiet };
    // The frame has focus but nothing in it does: focus was lost (e.g. its element was removed).
    if (inner.hasFocus) return { inFrame: true, desc: 'tool frame body (focus lost)', visible: false, quiet: false };
    const outer = await page.evaluate(focusInfoInPage);
    return { inFrame: false, desc: `LMS page ${outer.desc}`, visible: outer.visible, quiet: outer.quiet };
  }

  /** Presses a key and checks the focus indicator; `navigates`: the key leaves the page (Submit), so there is no focus to check. */
  async function press(key: string, context: string, navigates = false): Promise<void> {
    await page.keyboard.press(key);
    actions++;
    if (navigates) return;
    let f = await focusInfo();
    if (f.desc === 'LMS page body') return; // between documents (leaving the frame at the end of its tab order)
    if (f.desc.startsWith('tool frame body')) {
      // The player disables the pressed button while its request runs, which drops focus to the
      // body until the answer moves it on. Allowed only if focus does land somewhere by itself.
      const settled = await frame.waitForFunction(() => document.activeElement !== null && document.activeElement !== document.body, null, { timeout })
        .then(() => true, () => false);
      if (!settled) throw new StepError(`${context}: after ${key}, focus was lost (nothing in the tool has focus) and never came back`);
      f = await focusInfo();
      focusLost.push(`${context} → ${f.desc}`);
    }
    if (!f.visible) {
      if (f.quiet) { quietFocus.push(f.desc); return; }
      throw new StepError(`${context}: after ${key}, the focused element ${f.desc} shows no focus indicator (outline and box-shadow are none)`);
    }
  }

  /**
   * Tabs (forwards or backwards, whichever way the target lies) until the target has focus, or,
   * with `radioGroup`, any radio of that group (a radio group is one tab stop). Fails if the target
   * cannot be reached, i.e. it is not in the tab order.
   */
  async function tabTo(target: Locator, context: string, radioGroup?: string): Promise<void> {
    await target.waitFor({ state: 'visible', timeout });
    for (let i = 0; i < 120; i++) {
      const rel = await target.evaluate((el, group) => {
        const a = document.activeElement;
        if (!document.hasFocus() || !a || a === document.body) return 'outside';
        const here = group === null ? a === el : a instanceof HTMLInputElement && a.type === 'radio' && a.name === group;
        if (here) return 'here';
        return el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_PRECEDING ? 'before' : 'after';
      }, radioGroup ?? null);
      if (rel === 'here') return;
      await press(rel === 'after' ? 'Shift+Tab' : 'Tab', context);
    }
    throw new StepError(`${context}: could not reach it with Tab / Shift+Tab in 120 presses (not in the tab order?)`);
  }

  /** Activates a button: click, or Tab to it and press Enter. */
  async function activate(target: Locator, context: string, navigates = false): Promise<void> {
    if (!kb) { await target.click({ timeout }); actions++; return; }
    await tabTo(target, context);
    await press('Enter', context, navigates);
  }

  /** Toggles a spot segment or a checkbox: click (its label for inputs), or Tab to it and press Space. */
  async function toggle(target: Locator, clickTarget: Locator, context: string): Promise<void> {
    if (!kb) { await clickTarget.click({ timeout }); actions++; return; }
    await tabTo(target, context);
    await press('Space', context);
  }

  /** Selects a radio in a group: click its label, or Tab into the group and move with the arrow keys. */
  async function chooseRadio(scope: Locator, value: string, context: string): Promise<void> {
    const radio = scope.locator(`input[type="radio"][value="${value}"]`);
    if (!kb) {
      const id = await radio.getAttribute('id');
      await scope.locator(`label[for="${id}"]`).click({ timeout });
      actions++;
    } else {
      const name = await radio.getAttribute('name');
      // A radio group is one tab stop: any radio of the group having focus counts as reached.
      await tabTo(radio, context, name ?? '');
      const count = await scope.locator(`input[type="radio"][name="${name}"]`).count();
      for (let i = 0; i <= count; i++) {
        const focused = await radio.evaluate(() => (document.activeElement as HTMLInputElement).value);
        if (focused === value) break;
        await press('ArrowDown', context);
      }
      // Tab lands on an unchecked first radio without checking it; Space checks it.
      if (!(await radio.isChecked())) await press('Space', context);
    }
    if (!(await radio.isChecked())) throw new StepError(`${context}: "${value}" is not checked after choosing it`);
  }

  async function typeText(target: Locator, text: string, context: string): Promise<void> {
    if (!kb) { await target.fill(text, { timeout }); actions++; return; }
    await tabTo(target, context);
    await page.keyboard.type(text);
    actions++;
  }

  // ----- steps -----
  async function check(step: LessonStep, box: Locator, key: string): Promise<AnswerResult> {
    const answered = waitApi('POST', /\/api\/attempts\/[^/]+\/answers$/);
    await activate(box.locator('.js-check').first(), where(step, `Check for ${key}`));
    const res = await answered;
    if (res.status() !== 200) throw new StepError(where(step, `POST answers for ${key} answered ${res.status()}: ${await res.text()}`));
    const body = await res.json() as AnswerResult;
    if (body.key !== key || !body.correct || body.points !== body.maxPoints) {
      throw new StepError(where(step, `the right answer to ${key} was not given full points: ${JSON.stringify(body)}`));
    }
    await box.locator('.feedback .outcome--right').first().waitFor({ state: 'visible', timeout });
    if (await box.getAttribute('data-answered') !== 'true') throw new StepError(where(step, `${key} is not locked after the check`));
    return body;
  }

  async function story(step: LessonStep, section: Locator): Promise<void> {
    const n = step.slides?.length ?? 0;
    for (let s = 2; s <= n; s++) {
      await activate(frame.locator('#btn-next'), where(step, `Next to slide ${s}`));
      await section.locator(`.slide[data-slide="${s}"]`).waitFor({ state: 'visible', timeout });
    }
  }

  async function spot(step: LessonStep, section: Locator): Promise<void> {
    const box = section.locator('.spot');
    for (const seg of step.artefact!.segments.filter((x) => x.flag)) {
      const b = box.locator(`.seg[data-seg="${seg.id}"]`);
      await toggle(b, b, where(step, `mark segment ${seg.id}`));
      await box.locator(`.seg[data-seg="${seg.id}"][aria-pressed="true"]`).waitFor({ timeout });
    }
    const pressed = await box.locator('.seg[aria-pressed="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-seg')));
    const flagged = step.artefact!.segments.filter((x) => x.flag).map((x) => x.id);
    if (pressed.sort().join() !== [...flagged].sort().join()) throw new StepError(where(step, `marked ${pressed.join(',')} but the warning signs are ${flagged.join(',')}`));
    await check(step, box, step.id);
  }

  async function quiz(step: LessonStep, section: Locator): Promise<void> {
    const keys = await section.locator('li.item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key ?? ''));
    const expected = step.draw ?? step.items!.length;
    if (keys.length !== expected) throw new StepError(where(step, `${keys.length} items drawn, the lesson draws ${expected}`));
    for (const key of keys) {
      const itemId = key.slice(step.id.length + 1);
      const item = step.items!.find((i) => i.id === itemId);
      if (!key.startsWith(`${step.id}/`) || !item) throw new StepError(where(step, `drawn item ${key} is not in the lesson's bank`));
      const box = section.locator(`li.item[data-key="${key}"]`);
      for (const opt of item.options.filter((o) => o.correct)) {
        const ctx = where(step, `${key}: choose ${opt.id}`);
        if (item.type === 'multiple') {
          const input = box.locator(`input[value="${opt.id}"]`);
          const id = await input.getAttribute('id');
          await toggle(input, box.locator(`label[for="${id}"]`), ctx);
          if (!(await input.isChecked())) throw new StepError(`${ctx}: not checked`);
        } else {
          await chooseRadio(box, opt.id, ctx);
        }
      }
      await check(step, box, key);
    }
  }

  async function chat(step: LessonStep, section: Locator): Promise<void> {
    const box = section.locator('.chat');
    let nodeId: string | undefined = step.start!;
    const taken: string[] = [];
    while (nodeId) {
      const node = step.nodes!.find((n) => n.id === nodeId);
      if (!node) throw new StepError(where(step, `the server led to node "${nodeId}", which the lesson does not have`));
      if (!node.choices?.length) break; // an ending
      const set = box.locator(`.chat__choices[data-node="${node.id}"]`);
      await set.waitFor({ state: 'visible', timeout }).catch(() => {
        throw new StepError(where(step, `decision "${node.id}" never appeared (after ${taken.join(' > ') || 'the start'})`));
      });
      const choice = bestChoice(step, node);
      const key = `${step.id}/${node.id}`;
      const answered = waitApi('POST', /\/api\/attempts\/[^/]+\/answers$/);
      await activate(set.locator(`button.chat__choice[data-choice="${choice.id}"]`), where(step, `${key}: choose ${choice.id}`));
      const res = await answered;
      if (res.status() !== 200) throw new StepError(where(step, `POST answers for ${key} answered ${res.status()}: ${await res.text()}`));
      const body = await res.json() as AnswerResult;
      if (!body.correct || body.points !== body.maxPoints) throw new StepError(where(step, `the best choice "${choice.id}" at ${key} was not given full points: ${JSON.stringify(body)}`));
      if ((body.next ?? null) !== (choice.next ?? null)) throw new StepError(where(step, `after "${choice.id}" at ${key} the server answered next=${body.next}, the lesson says ${choice.next ?? 'the end'}`));
      taken.push(`${node.id}:${choice.id}`);
      // The answered decision leaves the page; the next node's messages join the log.
      await set.waitFor({ state: 'detached', timeout });
      nodeId = choice.next;
      if (nodeId) await box.locator(`.chat__log [data-node="${nodeId}"]`).waitFor({ state: 'visible', timeout });
    }
    await box.locator('[data-ended]').waitFor({ state: 'visible', timeout }).catch(() => {
      throw new StepError(where(step, `the conversation did not show its end after ${taken.join(' > ')}`));
    });
    if (await box.locator('.chat__choices:not([hidden])').count()) throw new StepError(where(step, 'a decision is still open after the end'));
  }

  async function order(step: LessonStep, section: Locator): Promise<void> {
    const box = section.locator('.order');
    const right = (step.items as unknown as Array<{ id: string }>).map((i) => i.id);
    const current = () => box.locator('.order__item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item') ?? ''));
    for (let target = 0; target < right.length; target++) {
      const id = right[target]!;
      let at = (await current()).indexOf(id);
      while (at > target) {
        const up = box.locator(`.order__item[data-item="${id}"] [data-move="up"]`);
        await activate(up, where(step, `move ${id} up`));
        const now = (await current()).indexOf(id);
        if (now !== at - 1) throw new StepError(where(step, `Up on ${id} moved it from ${at + 1} to ${now + 1}`));
        at = now;
      }
    }
    const final = await current();
    if (final.join() !== right.join()) throw new StepError(where(step, `order is ${final.join(',')}, the right order is ${right.join(',')}`));
    await check(step, box, step.id);
  }

  async function sort(step: LessonStep, section: Locator): Promise<void> {
    const box = section.locator('.sort');
    for (const card of step.cards!) {
      await chooseRadio(box.locator(`.card[data-card="${card.id}"]`), card.group, where(step, `card ${card.id} → ${card.group}`));
    }
    await check(step, box, step.id);
  }

  const reflectionTexts: string[] = [];
  async function reflection(step: LessonStep, section: Locator): Promise<void> {
    const text = `private-thought-${lesson.id}-${Math.random().toString(36).slice(2, 10)}`;
    reflectionTexts.push(text);
    const area = section.locator('textarea');
    await typeText(area, text, where(step, 'type a reflection'));
    if (await area.inputValue() !== text) throw new StepError(where(step, 'the reflection box does not hold what was typed'));
  }

  async function help(step: LessonStep, section: Locator): Promise<void> {
    await section.locator('.help-card').first().waitFor({ state: 'visible', timeout });
    const text = (await section.textContent()) ?? '';
    if (!/111|113/.test(text)) throw new StepError(where(step, 'the help step names neither 111 nor 113'));
  }

  const play: Record<LessonStep['kind'], (s: LessonStep, sec: Locator) => Promise<void>> = { story, spot, quiz, chat, order, sort, reflection, help };

  try {
    await frame.locator('#player-nav').waitFor({ state: 'visible', timeout });
    for (const [i, step] of lesson.steps.entries()) {
      const ts = Date.now();
      const section = frame.locator(`#step-${step.id}`);
      if (i > 0) {
        const saved = waitApi('PUT', /\/api\/attempts\/[^/]+\/position$/);
        await activate(frame.locator('#btn-next'), where(step, 'Next onto this step'));
        const res = await saved;
        if (res.status() !== 204) throw new StepError(where(step, `position save answered ${res.status()}`));
      }
      await section.waitFor({ state: 'visible', timeout }).catch(() => { throw new StepError(where(step, 'never became visible')); });
      const progress = ((await frame.locator('#progress-text').textContent()) ?? '').trim();
      if (!progress.includes(String(i + 1)) || !progress.includes(String(lesson.steps.length))) throw new StepError(where(step, `progress says "${progress}"`));
      await opts.onStep?.(step, 'shown');
      const fn = play[step.kind];
      if (!fn) throw new StepError(where(step, 'the driver does not know this step kind'));
      await fn(step, section);
      await opts.onStep?.(step, 'done');
      stepMs[step.id] = Date.now() - ts;
    }

    // The last step is help: Next gives way to Submit.
    const submitBtn = frame.locator('#btn-submit');
    await submitBtn.waitFor({ state: 'visible', timeout });
    if (await frame.locator('#btn-next').isVisible()) throw new StepError(`${lesson.id}: Next is still shown on the last step`);
    const submitted = waitApi('POST', /\/api\/attempts\/[^/]+\/submit$/);
    await activate(submitBtn, `${lesson.id}: Submit`, true);
    const submitRes = await submitted.catch(() => {
      throw new StepError(`${lesson.id}: Submit sent no request (a second press asks to confirm only when something is unanswered: ${actions} actions so far)`);
    });
    if (submitRes.status() !== 200) throw new StepError(`${lesson.id}: submit answered ${submitRes.status()}: ${await submitRes.text()}`);
    const sub = await submitRes.json() as { percent: number; passed: boolean };
    await frame.waitForURL((u) => /^\/attempts\/[0-9a-f-]+\/result$/.test(u.pathname), { timeout });
    await frame.locator('.score__percent').waitFor({ state: 'visible', timeout });
    const score = frame.locator('.score').first();
    const scoreState = ((await score.getAttribute('class')) ?? '').split(/\s+/).find((c) => c.startsWith('score--'))?.slice('score--'.length) ?? '';
    await opts.onResult?.();

    for (const text of reflectionTexts) {
      const leaked = bodies.filter((b) => b.includes(text));
      if (leaked.length) throw new StepError(`${lesson.id}: the private reflection text was sent to the server: ${leaked.join('\n')}`);
    }
    return {
      lessonId: lesson.id,
      percent: sub.percent,
      passed: sub.passed,
      percentText: ((await frame.locator('.score__percent').textContent()) ?? '').trim(),
      verdictText: ((await frame.locator('.score__verdict').textContent()) ?? '').replace(/\s+/g, ' ').trim(),
      scoreState,
      actions,
      quietFocus,
      ms: Date.now() - t0,
      stepMs,
      focusLost,
    };
  } finally {
    page.off('request', onRequest);
  }
}

// ---------- the demo LMS around the player ----------

/** The demo home's first class section. */
export function firstClass(page: Page): Locator {
  return page.locator('section.card.class').first();
}

/** The first class's activity that deep linking added for `lessonId` (the seeded B-3 activity is not it). */
export function addedActivity(page: Page, lessonId: string): Locator {
  return firstClass(page).locator('li.activity')
    .filter({ has: page.locator('code', { hasText: new RegExp(`^${lessonId}$`) }) })
    .filter({ has: page.locator('.tag') });
}

/** Resolves the tool frame of an LMS launch page once it shows a path matching `toolPath`. */
export async function toolFrame(page: Page, origin: string, toolPath: RegExp, timeout = 20_000): Promise<Frame> {
  const iframe = page.locator('iframe#tool-frame');
  await iframe.waitFor({ state: 'visible', timeout });
  const frame = await (await iframe.elementHandle())!.contentFrame();
  if (!frame) throw new Error('the LMS page has no tool frame');
  // Login initiation → demo OIDC auth → auto-submitted form_post → tool launch, all inside the iframe.
  await frame.waitForURL((u) => u.origin === origin && toolPath.test(u.pathname), { timeout });
  await frame.waitForLoadState('load');
  return frame;
}

/**
 * As the first class's teacher: "+ Add a First Shield activity", tick the given lessons in the
 * tool's library (by their card labels, which cover the cards) and add them in one deep-linking
 * response. Returns the "N activities added" heading.
 */
export async function addLessonsByDeepLinking(page: Page, origin: string, lessonIds: string[], timeout = 20_000): Promise<string> {
  await page.goto(`${origin}/demo?locale=en`);
  await firstClass(page).locator('a.btn-add').first().click();
  await page.waitForURL(/\/add-activity\?/);
  const frame = await toolFrame(page, origin, /^\/library/, timeout);
  const cards = frame.locator('li.lesson-card');
  await cards.first().waitFor({ state: 'visible', timeout });
  const offered = await cards.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const missing = lessonIds.filter((id) => !offered.includes(id));
  if (missing.length) throw new Error(`the library does not offer ${missing.join(', ')} (it offers ${offered.length}: ${offered.join(', ')})`);
  for (const id of lessonIds) {
    // ids like scorm:<uuid> are not valid in #id selectors: match on the value instead
    await frame.locator(`input[value="${id}"] + label`).click({ timeout });
    if (!(await frame.locator(`input[value="${id}"]`).isChecked())) throw new Error(`clicking the card label of ${id} did not tick it`);
  }
  const checked = await cards.locator('input:checked').count();
  if (checked !== lessonIds.length) throw new Error(`${checked} lessons ticked, expected ${lessonIds.length}`);
  await frame.locator('form.library__select button[type="submit"]').click({ timeout });
  const heading = frame.locator('#added-h');
  await heading.waitFor({ state: 'visible', timeout });
  return ((await heading.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The "Launch as …" links of the students on an activity: { name, href }. */
export async function studentLaunches(activity: Locator): Promise<Array<{ name: string; href: string }>> {
  return activity.locator('a.btn-student').evaluateAll((els) => els.map((a) => ({
    name: (a.textContent ?? '').replace(/\s+/g, ' ').trim(),
    href: (a as HTMLAnchorElement).href,
  })));
}

/**
 * Issue 4's browser test, through the built-in demo LMS and real LTI 1.3 messages: the teacher of
 * the first class previews a lesson from the library (marked as a preview, nothing recorded), adds
 * TWO lessons in one Deep Linking selection (each gets a gradebook column at once); one student
 * answers every quiz item of lesson 1 wrongly and submits (not passed), another passes it, a third
 * opens lesson 2 and leaves it; the teacher then sees, for the class roster from NRPS, passed / not
 * passed / not started on lesson 1 and in progress on lesson 2, the class's misconception per
 * question (the wrong option chosen and its feedback), and downloads the CSV (BOM, header, rows).
 * Screenshots at 360 and 1280 px go to test-results/screenshots/teacher/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type ServerProcess } from '../helpers/server-process';
import { addedActivity, firstClass, listLessons, playLesson, toolFrame } from './lesson-driver';
import { parseCsv, playWithMistakes, shootFrame, TEACHER_SHOT_DIR, type MistakenOutcome } from './teacher-helpers';

// Lesson 1 has story, quiz and help only, so answering every quiz item wrongly gives a known 0 %.
const L1 = listLessons().find((l) => l.manifest.code === 'B-5')!;
const L2 = listLessons().find((l) => l.manifest.code === 'B-4')!;
const en = (l: typeof L1) => JSON.parse(fs.readFileSync(path.join(l.dir, 'locales', 'en.json'), 'utf8')) as Record<string, string>;
const TIMEOUT = 15_000;

let server: ServerProcess;
let session: BrowserSession;
const findings: string[] = [];

beforeAll(async () => {
  fs.rmSync(TEACHER_SHOT_DIR, { recursive: true, force: true });
  server = await startServer();
  session = await openBrowser({ allowedOrigin: server.url });
  session.page.setDefaultTimeout(TIMEOUT);
}, 90_000);

afterAll(async () => {
  if (findings.length) console.log(`layout findings (teacher flow):\n${findings.join('\n')}`);
  await session?.close();
  if (server) await server.stop();
}, 30_000);

async function home(page: Page): Promise<void> {
  await page.goto(`${server.url}/demo?locale=en`);
  await firstClass(page).waitFor();
}

/** Launches `lessonId`'s added activity as the n-th person of `role` (students in class-list order). */
async function launch(page: Page, lessonId: string, role: 'student' | 'teacher', n: number, toolPath: RegExp): Promise<{ frame: Frame; name: string }> {
  await home(page);
  const link = addedActivity(page, lessonId).locator(`a.btn-${role}`).nth(n);
  const name = ((await link.textContent()) ?? '').replace(/\s+/g, ' ').trim().replace(/^Launch as /, '').replace(/ \((student|teacher)\)$/, '');
  await link.click();
  await page.waitForURL(/\/demo\/launch\?/);
  return { frame: await toolFrame(page, server.url, toolPath), name };
}

test('issue 4: the teacher assigns two lessons, students play, the teacher sees statuses, a misconception and the CSV', async () => {
  const { page, context } = session;
  expect(L1 && L2).toBeTruthy();
  const L1en = en(L1);

  // --- Library: preview one lesson, then add two ----------------------------------------------------
  await home(page);
  await firstClass(page).locator('a.btn-add').first().click();
  await page.waitForURL(/\/add-activity\?/);
  let frame = await toolFrame(page, server.url, /^\/library$/);
  await frame.locator('li.lesson-card').first().waitFor();
  findings.push(...await shootFrame(page, frame, '01-library'));

  // Preview opens in a new window (target=_blank): the lesson as a student sees it, marked, nothing saved.
  const card = frame.locator('li.lesson-card').filter({ has: frame.locator(`input[value="${L1.id}"]`) });
  const [preview] = await Promise.all([context.waitForEvent('page'), card.locator('a.lesson-card__preview').click()]);
  const sent: string[] = [];
  preview.on('request', (r) => { if (r.method() !== 'GET') sent.push(`${r.method()} ${new URL(r.url()).pathname}`); });
  await preview.waitForLoadState('load');
  expect(new URL(preview.url()).pathname).toBe(`/library/preview/${L1.id}`);
  expect((await preview.locator('p.notice').first().textContent())?.replace(/\s+/g, ' ').trim()).toMatch(/^Teacher preview: answers show their feedback but are never saved\./);
  const quizStep = L1.manifest.steps.find((s) => s.kind === 'quiz')!;
  for (let i = 0; i < 20 && !(await preview.locator(`#step-${quizStep.id}`).isVisible()); i++) await preview.locator('#btn-next').click();
  const pItem = preview.locator(`#step-${quizStep.id} li.item`).first();
  const pKey = (await pItem.getAttribute('data-key'))!;
  const pBank = quizStep.items!.find((it) => `${quizStep.id}/${it.id}` === pKey)!;
  const pWrong = pBank.options.filter((o) => !o.correct).at(-1)!;
  await pItem.locator(`label[for="q-${quizStep.id}-${pBank.id}-${pWrong.id}"]`).click();
  const pAnswer = preview.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/preview\//.test(r.url()));
  await pItem.locator('.js-check').click();
  expect(await (await pAnswer).json()).toMatchObject({ key: pKey, correct: false });
  await pItem.locator('.feedback .outcome--wrong').waitFor();
  expect(await preview.locator('#btn-submit').isVisible()).toBe(false);
  // Only the preview answer API was called: no attempt, no position, no submit.
  expect(sent).toEqual([`POST /api/preview/${L1.id}/v${L1.manifest.version}/answers`]);
  await preview.close();

  for (const l of [L1, L2]) {
    await frame.locator(`label[for="l-${l.id}"]`).click();
    expect(await frame.locator(`input#l-${l.id}`).isChecked()).toBe(true);
  }
  expect(await frame.locator('li.lesson-card input:checked').count()).toBe(2);
  await frame.locator('form.library__select button[type="submit"]').click();
  const added = frame.locator('#added-h');
  await added.waitFor();
  expect((await added.textContent())?.replace(/\s+/g, ' ').trim()).toMatch(/^2 activities added/);
  const addedItems = await frame.locator('.added-list li').allTextContents();
  for (const l of [L1, L2]) {
    const line = addedItems.find((t) => t.includes(l.id));
    expect(line).toMatch(/gradebook column “.+” \(max 100\)/);
  }

  // The two activities are in the class, with their gradebook columns before anyone plays.
  await home(page);
  for (const l of [L1, L2]) expect(await addedActivity(page, l.id).count()).toBe(1);
  await firstClass(page).getByRole('link', { name: 'Gradebook' }).click();
  await page.waitForURL(/\/gradebook/);
  const columns = (await page.locator('table.gradebook thead th[data-line-item]').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
  for (const l of [L1, L2]) {
    const titles = [en(l)['lesson.title'], JSON.parse(fs.readFileSync(path.join(l.dir, 'locales', 'vi.json'), 'utf8'))['lesson.title'] as string];
    expect({ lesson: l.id, columns: columns.filter((c) => titles.some((t) => c.includes(t!))).length }).toEqual({ lesson: l.id, columns: 1 });
  }

  // --- Students play --------------------------------------------------------------------------------
  const s1 = await launch(page, L1.id, 'student', 0, /^\/play\/[0-9a-f-]+$/);
  const mistaken: MistakenOutcome = await playWithMistakes({ page, frame: s1.frame, lesson: L1.manifest, wrongOn: () => true, timeout: TIMEOUT });
  expect(mistaken).toMatchObject({ percent: 0, passed: false });
  expect(mistaken.wrong.length).toBe(mistaken.drawn.length);

  const s2 = await launch(page, L1.id, 'student', 1, /^\/play\/[0-9a-f-]+$/);
  const good = await playLesson({ page, frame: s2.frame, lesson: L1.manifest, timeout: TIMEOUT });
  expect(good).toMatchObject({ percent: 100, passed: true });

  // The third student opens lesson 2 and leaves it unfinished.
  const s3 = await launch(page, L2.id, 'student', 2, /^\/play\/[0-9a-f-]+$/);
  await s3.frame.locator('#player-nav').waitFor({ state: 'visible' });

  // --- The teacher on lesson 1 ----------------------------------------------------------------------
  const t1 = await launch(page, L1.id, 'teacher', 0, /^\/teach\/assignments\/[0-9a-f-]+$/);
  frame = t1.frame;
  const roster = frame.locator('table.roster');
  await roster.waitFor();
  // NRPS roster: the class's three students, including the one who never opened lesson 1.
  expect(await roster.locator('tbody tr').count()).toBe(3);
  const row = (name: string) => roster.locator('tbody tr').filter({ has: frame.locator('th', { hasText: name }) });
  const expectRow = async (name: string, status: string, label: string, score: string) => {
    const r = row(name);
    expect(await r.count()).toBe(1);
    expect({ name, status: await r.getAttribute('data-status'), badge: (await r.locator(`.badge--${status}`).textContent())?.trim(), score: (await r.locator('td').nth(1).textContent())?.trim() })
      .toEqual({ name, status, badge: label, score });
  };
  await expectRow(s1.name, 'not_passed', 'Not passed', '0%');
  await expectRow(s2.name, 'passed', 'Passed', '100%');
  await expectRow(s3.name, 'not_started', 'Not started', '–');
  expect(await frame.locator('ul.stats li').allTextContents().then((a) => a.map((t) => t.replace(/\s+/g, ' ').trim())))
    .toEqual(['3 students', '1 Not started', '0 In progress', '1 Passed', '1 Not passed']);

  // Per question: the wrong option student 1 chose is the class's misconception, with its feedback.
  for (const w of mistaken.wrong) {
    const q = frame.locator(`li.question[data-key="${w.key}"]`);
    expect({ key: w.key, shown: await q.count() }).toEqual({ key: w.key, shown: 1 });
    const m = q.locator('.misconception');
    const optionText = w.option.text ? L1en[w.option.text] : (w.option.id === 'true' ? 'True' : 'False');
    expect({
      key: w.key,
      label: (await m.locator('strong').first().textContent())?.trim(),
      count: (await m.locator('.muted').first().textContent())?.trim(),
      choice: (await m.locator('.misconception__choice').textContent())?.trim(),
      why: (await m.locator('.misconception__why').textContent())?.trim(),
    }).toEqual({ key: w.key, label: 'Most chosen wrong answer', count: '(1 student)', choice: `“${optionText}”`, why: L1en[w.option.feedback] });
    // Right only when student 2 drew the same item (the quiz draws at random): 0 % or 50 %.
    expect((await q.locator('.question__pct').textContent())?.trim()).toMatch(/^(0|50)%$/);
  }
  // Nothing from the teacher's preview counted: at most the two students answered any question.
  for (const t of await frame.locator('li.question .question__head .muted').allTextContents()) expect(t).toMatch(/ of [12] students? got it right$/);
  const firstWrong = frame.locator(`li.question[data-key="${mistaken.wrong[0]!.key}"]`);
  await firstWrong.scrollIntoViewIfNeeded();
  findings.push(...await shootFrame(page, frame, '02-assignment-misconception'));

  // --- CSV export ------------------------------------------------------------------------------------
  const [download] = await Promise.all([page.waitForEvent('download'), frame.locator('a[download]', { hasText: 'Download CSV' }).click()]);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = parseCsv(bytes.subarray(3).toString('utf8'));
  expect(csv[0]).toEqual(['Student', 'Status', 'Score (%)', 'Attempts', 'Time on task (min)', 'Last activity', 'Gradebook', 'Gradebook error']);
  expect(csv).toHaveLength(4);
  const csvRow = (name: string) => csv.find((r) => r[0] === name);
  expect(csvRow(s1.name)?.slice(0, 4)).toEqual([s1.name, 'Not passed', '0', '1']);
  expect(csvRow(s2.name)?.slice(0, 4)).toEqual([s2.name, 'Passed', '100', '1']);
  expect(csvRow(s3.name)?.slice(0, 4)).toEqual([s3.name, 'Not started', '', '0']);
  expect(csvRow(s3.name)?.[5]).toBe('');

  // --- Lesson 2: the third student in progress; then the course view --------------------------------
  const t2 = await launch(page, L2.id, 'teacher', 0, /^\/teach\/assignments\/[0-9a-f-]+$/);
  const roster2 = t2.frame.locator('table.roster');
  await roster2.waitFor();
  const statuses = await roster2.locator('tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')).sort());
  expect(statuses).toEqual(['in_progress', 'not_started', 'not_started']);
  expect(await roster2.locator('tbody tr[data-status="in_progress"] th').textContent()).toContain(s3.name);

  await t2.frame.locator('a', { hasText: 'All lessons of this class' }).click();
  await t2.frame.waitForURL((u) => u.pathname === '/teach/course');
  await t2.frame.locator('h1').waitFor();
  const courseText = (await t2.frame.locator('main').textContent()) ?? '';
  for (const name of [s1.name, s2.name, s3.name]) expect(courseText).toContain(name);
  findings.push(...await shootFrame(page, t2.frame, '03-course-view'));

  // --- The school report (administrator) ------------------------------------------------------------
  await home(page);
  await page.locator('a.btn-admin').first().click();
  const admin = await toolFrame(page, server.url, /^\/school$/);
  await admin.locator('#school-title').waitFor();
  findings.push(...await shootFrame(page, admin, '04-school-report'));
  await admin.locator('#classes-title').locator('xpath=..').locator('tbody th a').first().click();
  await admin.waitForURL((u) => /^\/school\/classes\//.test(u.pathname));
  await admin.locator('h1').waitFor();
  findings.push(...await shootFrame(page, admin, '05-school-class'));

  // --- Nothing broke, nothing leaked --------------------------------------------------------------------
  expect(session.problems).toEqual([]);
  for (const name of [s1.name, s2.name, s3.name]) expect(server.logs.filter((l) => l.includes(name))).toEqual([]);
}, 180_000);

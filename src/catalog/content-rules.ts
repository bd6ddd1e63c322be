/**
 * Semantic checks on a lesson package that already matches the zod schema: references,
 * correct answers, reachable scores and translations. Pure functions returning problem
 * lines, so the validator can report every problem of a package at once instead of
 * stopping at the first one (authors fix a whole batch per run).
 */
import type { LessonManifest, LessonTexts, QuizStep } from './lesson.schemas';
import { LESSON_LOCALES, type LessonLocale } from './lesson.types';
import { referencedKeys } from './content-keys';
import { checkChat, checkItem, checkOrder, checkSort, checkSpot, type Report } from './content-rules-steps';

export { referencedKeys } from './content-keys';

/** Structure rules: ids, references, correct answers, draws and reachable scores. */
export function checkStructure(m: LessonManifest, file: string): string[] {
  const problems: string[] = [];
  const report = (where: string, what: string) => problems.push(`${file}: ${where}: ${what}`);

  const prefix = m.code.toLowerCase();
  if (!m.id.startsWith(`${prefix}-`)) report('code', `code "${m.code}" does not match the id prefix of "${m.id}"`);

  // Step ids and quiz item ids share one namespace: must-pass ids and answer keys name either.
  const seen = new Map<string, string>();
  const claim = (id: string, where: string) => {
    const first = seen.get(id);
    if (first) report(where, `duplicate id "${id}" (already used at ${first})`);
    else seen.set(id, where);
  };
  const objectiveIds = new Set<string>();
  m.objectives.forEach((o, i) => {
    if (objectiveIds.has(o.id)) report(`objectives[${i}].id`, `duplicate objective id "${o.id}"`);
    objectiveIds.add(o.id);
  });
  const assessed = new Set<string>();
  const useObjective = (objective: string | undefined, where: string) => {
    if (objective === undefined) return;
    assessed.add(objective);
    if (!objectiveIds.has(objective)) report(`${where}.objective`, `objective "${objective}" is not declared in "objectives"`);
  };
  // Ids a must-pass list may name: quiz items and the steps scored as a whole.
  const scorable = new Set<string>();
  let maxPoints = 0;

  m.steps.forEach((step, s) => {
    const at = `steps[${s}]`;
    claim(step.id, `${at}.id`);
    switch (step.kind) {
      case 'spot':
        checkSpot(step, at, report);
        break;
      case 'chat':
        checkChat(step, at, report);
        break;
      case 'order':
        checkOrder(step, at, report);
        break;
      case 'sort':
        checkSort(step, at, report);
        break;
      case 'quiz':
        checkQuiz(m, step, at, report, { claim, useObjective, scorable });
        // The smallest maximum any draw can have: the lesson must be scorable whatever is drawn.
        maxPoints += [...step.items].map((item) => item.points).sort((a, b) => a - b).slice(0, step.draw).reduce((a, b) => a + b, 0);
        return;
      default:
        return;
    }
    scorable.add(step.id);
    useObjective(step.objective, at);
    maxPoints += step.points;
  });

  m.mustPass.forEach((id, i) => {
    if (!scorable.has(id)) report(`mustPass[${i}]`, `"${id}" is not the id of a quiz item or a spot, chat, order or sort step in this lesson`);
  });
  m.objectives.forEach((o, i) => {
    if (!assessed.has(o.id)) report(`objectives[${i}]`, `objective "${o.id}" is not assessed by any quiz item or spot, chat, order or sort step`);
  });
  if (maxPoints <= 0) report('steps', 'the maximum score is 0: add a quiz, spot, chat, order or sort step with points > 0');
  // The help card closes every lesson, so the last thing a learner sees is where to get help.
  const last = m.steps[m.steps.length - 1];
  if (last && last.kind !== 'help') report(`steps[${m.steps.length - 1}]`, `the last step must be a help step, not "${last.kind}"`);
  return problems;
}

function checkQuiz(
  m: LessonManifest,
  step: QuizStep,
  at: string,
  report: Report,
  ctx: { claim: (id: string, where: string) => void; useObjective: (o: string | undefined, where: string) => void; scorable: Set<string> },
): void {
  step.items.forEach((item, i) => {
    const it = `${at}.items[${i}]`;
    ctx.claim(item.id, `${it}.id`);
    ctx.scorable.add(item.id);
    ctx.useObjective(item.objective, it);
    checkItem(item, it, report);
  });
  const { draw } = step;
  const bank = step.items.length;
  if (draw > bank) report(`${at}.draw`, `draw ${draw} is larger than the bank (${bank} items)`);
  // A bank of at least 1.5 × draw means a retry sees different items, not the same test again.
  else if (bank < Math.ceil(1.5 * draw)) {
    report(`${at}.items`, `the bank has ${bank} items; draw ${draw} needs at least ${Math.ceil(1.5 * draw)} (1.5 × draw) so retries vary`);
  }
  // Must-pass items are always drawn (see scoring.ts), so they must fit in one draw.
  const mustHere = step.items.filter((item) => m.mustPass.includes(item.id)).length;
  if (mustHere > draw) report(`${at}.draw`, `draw ${draw} cannot hold the step's ${mustHere} must-pass items`);
}

/**
 * Translation rules: every referenced key exists with non-blank text in each locale, and no
 * key is left unused (a stale key is usually a typo); together these make the key sets equal.
 */
export function checkTranslations(
  m: LessonManifest,
  texts: Record<LessonLocale, LessonTexts>,
  fileOf: (locale: LessonLocale) => string,
): string[] {
  const problems: string[] = [];
  const uses = referencedKeys(m);
  const used = new Set(uses.map((u) => u.key));
  for (const locale of LESSON_LOCALES) {
    const mine = texts[locale];
    const reported = new Set<string>();
    for (const { key, where } of uses) {
      if (reported.has(key)) continue;
      const value = mine[key];
      if (value === undefined) problems.push(`${fileOf(locale)}: key "${key}" is missing (used by lesson.json ${where})`);
      else if (value.trim() === '') problems.push(`${fileOf(locale)}: key "${key}" has no text (used by lesson.json ${where})`);
      else continue;
      reported.add(key);
    }
    // With every referenced key required above, "no unused key" makes both key sets equal.
    for (const key of Object.keys(mine)) {
      if (used.has(key)) continue;
      const elsewhere = LESSON_LOCALES.filter((l) => l !== locale && key in texts[l]);
      const note = elsewhere.length ? '' : ` and has no counterpart in ${LESSON_LOCALES.filter((l) => l !== locale).map((l) => `${l}.json`).join(', ')}`;
      problems.push(`${fileOf(locale)}: key "${key}" is not used by lesson.json${note}`);
    }
  }
  return problems;
}

/**
 * Semantic checks on a lesson package that already matches the zod schema: references,
 * correct answers, reachable scores and translations. Pure functions returning problem
 * lines, so the validator can report every problem of a package at once instead of
 * stopping at the first one (authors fix a whole batch per run).
 */
import type { LessonManifest, LessonTexts, QuizItem, SpotStep } from './lesson.schemas';
import { LESSON_LOCALES, type LessonLocale } from './lesson.types';

/** A text key the manifest uses, and where (a JSON path) it uses it. */
interface KeyUse { key: string; where: string }

/** Every text key referenced by the manifest, in document order. */
export function referencedKeys(m: LessonManifest): KeyUse[] {
  const uses: KeyUse[] = [
    { key: m.title, where: 'title' },
    { key: m.summary, where: 'summary' },
    ...m.objectives.map((o, i) => ({ key: o.text, where: `objectives[${i}].text` })),
  ];
  m.steps.forEach((step, s) => {
    const at = `steps[${s}]`;
    uses.push({ key: step.title, where: `${at}.title` });
    switch (step.kind) {
      case 'story':
        step.slides.forEach((slide, i) => {
          if (slide.title) uses.push({ key: slide.title, where: `${at}.slides[${i}].title` });
          uses.push({ key: slide.body, where: `${at}.slides[${i}].body` });
        });
        break;
      case 'spot': {
        uses.push({ key: step.instructions, where: `${at}.instructions` });
        const a = step.artefact;
        if (a.sender) uses.push({ key: a.sender, where: `${at}.artefact.sender` });
        if (a.meta) uses.push({ key: a.meta, where: `${at}.artefact.meta` });
        a.segments.forEach((seg, i) => {
          uses.push({ key: seg.text, where: `${at}.artefact.segments[${i}].text` });
          uses.push({ key: seg.feedback, where: `${at}.artefact.segments[${i}].feedback` });
        });
        break;
      }
      case 'quiz':
        step.items.forEach((item, i) => {
          const it = `${at}.items[${i}]`;
          uses.push({ key: item.prompt, where: `${it}.prompt` });
          item.options.forEach((o, j) => {
            if (o.text) uses.push({ key: o.text, where: `${it}.options[${j}].text` });
            uses.push({ key: o.feedback, where: `${it}.options[${j}].feedback` });
          });
        });
        break;
      case 'help':
        if (step.body) uses.push({ key: step.body, where: `${at}.body` });
        break;
    }
  });
  return uses;
}

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
  const scorable = new Map<string, 'item' | 'spot'>();
  let maxPoints = 0;

  m.steps.forEach((step, s) => {
    const at = `steps[${s}]`;
    claim(step.id, `${at}.id`);
    if (step.kind === 'spot') {
      scorable.set(step.id, 'spot');
      useObjective(step.objective, at);
      checkSpot(step, at, report);
      maxPoints += step.points;
    }
    if (step.kind === 'quiz') {
      step.items.forEach((item, i) => {
        const it = `${at}.items[${i}]`;
        claim(item.id, `${it}.id`);
        scorable.set(item.id, 'item');
        useObjective(item.objective, it);
        checkItem(item, it, report);
      });
      const draw = step.draw ?? step.items.length;
      if (draw > step.items.length) report(`${at}.draw`, `draw ${draw} is larger than the bank (${step.items.length} items)`);
      // Must-pass items are always drawn (see scoring.ts), so they must fit in one draw.
      const mustHere = step.items.filter((item) => m.mustPass.includes(item.id)).length;
      if (mustHere > draw) report(`${at}.draw`, `draw ${draw} cannot hold the step's ${mustHere} must-pass items`);
      // The smallest maximum any draw can have: the lesson must be scorable whatever is drawn.
      maxPoints += [...step.items].map((item) => item.points).sort((a, b) => a - b).slice(0, draw).reduce((a, b) => a + b, 0);
    }
  });

  m.mustPass.forEach((id, i) => {
    if (!scorable.has(id)) report(`mustPass[${i}]`, `"${id}" is not the id of a quiz item or spot step in this lesson`);
  });
  m.objectives.forEach((o, i) => {
    if (!assessed.has(o.id)) report(`objectives[${i}]`, `objective "${o.id}" is not assessed by any quiz item or spot step`);
  });
  if (maxPoints <= 0) report('steps', 'the maximum score is 0: add a quiz or spot step with points > 0');
  return problems;
}

type Report = (where: string, what: string) => void;

function checkItem(item: QuizItem, at: string, report: Report): void {
  const optionIds = new Set<string>();
  item.options.forEach((o, j) => {
    if (optionIds.has(o.id)) report(`${at}.options[${j}].id`, `duplicate option id "${o.id}" in item "${item.id}"`);
    optionIds.add(o.id);
    if (item.type !== 'truefalse' && !o.text) report(`${at}.options[${j}].text`, `option "${o.id}" of item "${item.id}" has no text key`);
  });
  const correct = item.options.filter((o) => o.correct).length;
  if (item.type === 'multiple' && correct < 1) report(`${at}.options`, `item "${item.id}" (multiple) has no correct option`);
  if (item.type !== 'multiple' && correct !== 1) {
    report(`${at}.options`, `item "${item.id}" (${item.type}) needs exactly one correct option, has ${correct}`);
  }
  // The player renders true/false buttons itself and answers with the ids "true"/"false".
  if (item.type === 'truefalse') {
    const ids = item.options.map((o) => o.id).sort().join(',');
    if (ids !== 'false,true') report(`${at}.options`, `truefalse item "${item.id}" must have exactly the options "true" and "false"`);
  }
}

function checkSpot(step: SpotStep, at: string, report: Report): void {
  const ids = new Set<string>();
  step.artefact.segments.forEach((seg, i) => {
    if (ids.has(seg.id)) report(`${at}.artefact.segments[${i}].id`, `duplicate segment id "${seg.id}" in step "${step.id}"`);
    ids.add(seg.id);
  });
  if (!step.artefact.segments.some((seg) => seg.flag)) {
    report(`${at}.artefact.segments`, `spot step "${step.id}" has no flagged segment, so nothing can be found`);
  }
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

/**
 * Scoring of lesson attempts: pure functions over a validated lesson, no I/O, so the same
 * code scores in the request path, in re-grading jobs and in tests. The rules are written
 * down for authors in modules/README.md ("Scoring"); keep the two in step.
 */
import type { Lesson, QuizItem, SpotStep } from '../catalog';
import { ScoringError, type Answers, type AttemptScore, type Competence, type Drawn, type ItemCheck } from './scoring.types';

export * from './scoring.types';

/** Share of an objective's points at or above which the learner is "secure" (CURRICULUM.md: ≥80 % mastery). */
const SECURE_SHARE = 0.8;

/**
 * Picks the quiz items of one attempt. Without `draw` the whole bank is shown; with it, a
 * random subset of that size in bank order. Must-pass items are always included: a safety
 * item that a retry could skip would let a learner pass without ever answering it.
 */
export function drawItems(lesson: Lesson, random: () => number = Math.random): Drawn {
  const drawn: Drawn = {};
  const mustPass = new Set(lesson.manifest.mustPass);
  for (const step of lesson.manifest.steps) {
    if (step.kind !== 'quiz') continue;
    const ids = step.items.map((item) => item.id);
    const size = Math.min(step.draw ?? ids.length, ids.length);
    const chosen = new Set(ids.filter((id) => mustPass.has(id)).slice(0, size));
    const pool = ids.filter((id) => !chosen.has(id));
    // Partial Fisher–Yates: each remaining item is equally likely to be picked.
    while (chosen.size < size && pool.length > 0) {
      const index = Math.min(Math.floor(random() * pool.length), pool.length - 1);
      chosen.add(pool.splice(index, 1)[0] as string);
    }
    drawn[step.id] = ids.filter((id) => chosen.has(id));
  }
  return drawn;
}

type Target = { kind: 'item'; item: QuizItem } | { kind: 'spot'; step: SpotStep };

function findTarget(lesson: Lesson, key: string): Target {
  const [stepId, itemId, ...rest] = key.split('/');
  const step = lesson.manifest.steps.find((s) => s.id === stepId);
  if (rest.length === 0 && step) {
    if (itemId === undefined && step.kind === 'spot') return { kind: 'spot', step };
    const item = step.kind === 'quiz' ? step.items.find((i) => i.id === itemId) : undefined;
    if (item) return { kind: 'item', item };
  }
  throw new ScoringError('unknown_item', key, `"${key}" is not a quiz item or spot step of ${lesson.manifest.id} v${lesson.manifest.version}`);
}

/** Scores one answer; an empty answer means "unanswered" and earns 0. */
export function checkAnswer(lesson: Lesson, key: string, answer: string[]): ItemCheck {
  return checkTarget(findTarget(lesson, key), key, answer).check;
}

/** The check plus whether every chosen id was wrong, which competence needs and ItemCheck does not expose. */
function checkTarget(target: Target, key: string, answer: string[]): { check: ItemCheck; allWrong: boolean } {
  const chosen = new Set(answer); // a repeated id counts once, so it cannot earn double credit
  const choices = target.kind === 'item'
    ? target.item.options.map((o) => ({ id: o.id, feedbackKey: o.feedback, correct: o.correct }))
    : target.step.artefact.segments.map((s) => ({ id: s.id, feedbackKey: s.feedback, correct: s.flag }));
  for (const id of chosen) {
    if (!choices.some((c) => c.id === id)) throw new ScoringError('invalid_answer', key, `"${id}" is not an option of "${key}"`);
  }
  const type = target.kind === 'item' ? target.item.type : 'spot';
  if ((type === 'single' || type === 'truefalse') && chosen.size > 1) {
    throw new ScoringError('invalid_answer', key, `"${key}" takes one answer, got ${chosen.size}`);
  }
  const maxPoints = target.kind === 'item' ? target.item.points : target.step.points;
  const totalCorrect = choices.filter((c) => c.correct).length;
  const right = choices.filter((c) => c.correct && chosen.has(c.id)).length;
  const wrong = chosen.size - right;
  // single/truefalse: all or nothing. multiple and spot: each wrong pick cancels a right one.
  const share = type === 'single' || type === 'truefalse' ? (right === 1 ? 1 : 0) : Math.max(0, right - wrong) / totalCorrect;
  const check: ItemCheck = {
    key,
    correct: share === 1,
    points: round2(share * maxPoints),
    maxPoints,
    feedback: choices.map((c) => ({ ...c, chosen: chosen.has(c.id) })),
  };
  return { check, allWrong: chosen.size > 0 && right === 0 };
}

/**
 * Scores an attempt: the drawn quiz items and every spot step. Answers to items outside the
 * draw are ignored (a client cannot add items to its attempt); unanswered items earn 0.
 */
export function scoreAttempt(lesson: Lesson, drawn: Drawn, answers: Answers, passMark?: number): AttemptScore {
  const { manifest } = lesson;
  const scored: Array<{ id: string; objective?: string; check: ItemCheck; allWrong: boolean }> = [];
  for (const stepId of Object.keys(drawn)) {
    const step = manifest.steps.find((s) => s.id === stepId);
    if (step?.kind !== 'quiz') throw new ScoringError('invalid_draw', stepId, `"${stepId}" is not a quiz step of ${manifest.id} v${manifest.version}`);
  }
  for (const step of manifest.steps) {
    if (step.kind === 'spot') {
      scored.push({ id: step.id, objective: step.objective, ...checkTarget({ kind: 'spot', step }, step.id, answers[step.id] ?? []) });
    }
    if (step.kind !== 'quiz') continue;
    const ids = drawn[step.id];
    if (!ids) throw new ScoringError('invalid_draw', step.id, `the draw has no entry for quiz step "${step.id}"`);
    if (new Set(ids).size !== ids.length) throw new ScoringError('invalid_draw', step.id, `the draw of "${step.id}" repeats an item`);
    for (const itemId of ids) {
      const key = `${step.id}/${itemId}`;
      const item = step.items.find((i) => i.id === itemId);
      if (!item) throw new ScoringError('invalid_draw', key, `"${itemId}" is not an item of quiz step "${step.id}"`);
      scored.push({ id: item.id, objective: item.objective, ...checkTarget({ kind: 'item', item }, key, answers[key] ?? []) });
    }
  }

  const points = round2(sum(scored.map((s) => s.check.points)));
  const maxPoints = sum(scored.map((s) => s.check.maxPoints));
  const percent = maxPoints > 0 ? Math.round((points / maxPoints) * 100) : 0;
  const mustPassFailed = manifest.mustPass.filter((id) => scored.some((s) => s.id === id && !s.check.correct));
  const mark = passMark ?? manifest.passMark;
  return {
    points,
    maxPoints,
    percent,
    passed: percent >= mark && mustPassFailed.length === 0,
    mustPassFailed,
    items: scored.map((s) => s.check),
    objectives: competences(scored),
  };
}

/** Secure at ≥80 % of the objective's points; otherwise any all-wrong answer signals a misconception. */
function competences(scored: Array<{ objective?: string; check: ItemCheck; allWrong: boolean }>): Record<string, Competence> {
  const groups = new Map<string, typeof scored>();
  for (const s of scored) {
    if (s.objective === undefined) continue;
    groups.set(s.objective, [...(groups.get(s.objective) ?? []), s]);
  }
  const result: Record<string, Competence> = {};
  for (const [objective, group] of groups) {
    const earned = sum(group.map((g) => g.check.points));
    const max = sum(group.map((g) => g.check.maxPoints));
    // The epsilon absorbs two-decimal rounding of partial credit (e.g. 0.67 + 0.67 + 0.67 of 2.5).
    if (earned >= SECURE_SHARE * max - 1e-6) result[objective] = 'secure';
    else if (group.some((g) => g.allWrong)) result[objective] = 'misconception';
    else result[objective] = 'developing';
  }
  return result;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

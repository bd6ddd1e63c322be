/**
 * Scoring of lesson attempts: pure functions over a validated lesson, no I/O, so the same
 * code scores in the request path, in re-grading jobs and in tests. The rules are written
 * down for authors in modules/README.md ("Scoring"); keep the two in step. Per-kind rules
 * live in scoring-choice.ts (quiz, spot), scoring-chat.ts and scoring-order-sort.ts.
 */
import type { Lesson } from '../catalog';
import { ScoringError, type Answers, type AttemptScore, type Competence, type Drawn, type ItemCheck } from './scoring.types';
import { checkChoice, type ChoiceTarget } from './scoring-choice';
import { checkChatDecision, scoreChat } from './scoring-chat';
import { checkOrder, checkSort } from './scoring-order-sort';
import { round2, sum, type Scored } from './scoring-shared';

export * from './scoring.types';
export { chatPath, isChatDecisionAvailable } from './scoring-chat';
export { shuffleFor } from './scoring-order-sort';

/** Share of an objective's points at or above which the learner is "secure" (CURRICULUM.md: ≥80 % mastery). */
const SECURE_SHARE = 0.8;

/**
 * Picks the quiz items of one attempt: a random subset of `draw` items in bank order.
 * Must-pass items are always included: a safety item that a retry could skip would let a
 * learner pass without ever answering it.
 */
export function drawItems(lesson: Lesson, random: () => number = Math.random): Drawn {
  const drawn: Drawn = {};
  const mustPass = new Set(lesson.manifest.mustPass);
  for (const step of lesson.manifest.steps) {
    if (step.kind !== 'quiz') continue;
    const ids = step.items.map((item) => item.id);
    const size = Math.min(step.draw, ids.length);
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

/**
 * Scores one answer; an empty answer means "unanswered" and earns 0. Keys: "<quiz>/<item>",
 * "<spot>", "<chat>/<node>" (answer [choiceId]; the check carries `next`), "<order>", "<sort>".
 * For chat, the caller must first ask isChatDecisionAvailable: this checks the choice only.
 */
export function checkAnswer(lesson: Lesson, key: string, answer: string[]): ItemCheck {
  const [stepId, sub, ...rest] = key.split('/');
  const step = lesson.manifest.steps.find((s) => s.id === stepId);
  if (step && rest.length === 0) {
    if (sub === undefined) {
      if (step.kind === 'spot') return checkChoice({ kind: 'spot', step }, key, answer).check;
      if (step.kind === 'order') return checkOrder(step, answer).check;
      if (step.kind === 'sort') return checkSort(step, answer).check;
    } else {
      if (step.kind === 'chat') return checkChatDecision(step, sub, key, answer);
      const item = step.kind === 'quiz' ? step.items.find((i) => i.id === sub) : undefined;
      if (item) return checkChoice({ kind: 'item', item } satisfies ChoiceTarget, key, answer).check;
    }
  }
  throw new ScoringError('unknown_item', key, `"${key}" is not a quiz item, chat decision or spot, order or sort step of ${lesson.manifest.id} v${lesson.manifest.version}`);
}

/**
 * Scores an attempt: the drawn quiz items and every spot, chat, order and sort step.
 * Answers to items outside the draw, to chat decisions off the learner's path and to
 * reflection steps are ignored (a client cannot add items to its attempt); unanswered items earn 0.
 */
export function scoreAttempt(lesson: Lesson, drawn: Drawn, answers: Answers, passMark?: number): AttemptScore {
  const { manifest } = lesson;
  const scored: Array<Scored & { id: string; objective?: string }> = [];
  for (const stepId of Object.keys(drawn)) {
    const step = manifest.steps.find((s) => s.id === stepId);
    if (step?.kind !== 'quiz') throw new ScoringError('invalid_draw', stepId, `"${stepId}" is not a quiz step of ${manifest.id} v${manifest.version}`);
  }
  for (const step of manifest.steps) {
    switch (step.kind) {
      case 'spot':
        scored.push({ id: step.id, objective: step.objective, ...checkChoice({ kind: 'spot', step }, step.id, answers[step.id] ?? []) });
        break;
      case 'chat':
        scored.push({ id: step.id, objective: step.objective, ...scoreChat(step, answers) });
        break;
      case 'order':
        scored.push({ id: step.id, objective: step.objective, ...checkOrder(step, answers[step.id] ?? []) });
        break;
      case 'sort':
        scored.push({ id: step.id, objective: step.objective, ...checkSort(step, answers[step.id] ?? []) });
        break;
      case 'quiz': {
        const ids = drawn[step.id];
        if (!ids) throw new ScoringError('invalid_draw', step.id, `the draw has no entry for quiz step "${step.id}"`);
        if (new Set(ids).size !== ids.length) throw new ScoringError('invalid_draw', step.id, `the draw of "${step.id}" repeats an item`);
        for (const itemId of ids) {
          const key = `${step.id}/${itemId}`;
          const item = step.items.find((i) => i.id === itemId);
          if (!item) throw new ScoringError('invalid_draw', key, `"${itemId}" is not an item of quiz step "${step.id}"`);
          scored.push({ id: item.id, objective: item.objective, ...checkChoice({ kind: 'item', item }, key, answers[key] ?? []) });
        }
        break;
      }
      default: // story, reflection and help are not scored
        break;
    }
  }

  const points = round2(sum(scored.map((s) => s.check.points)));
  const maxPoints = sum(scored.map((s) => s.check.maxPoints));
  const percent = maxPoints > 0 ? Math.round((points / maxPoints) * 100) : 0;
  const mustPassFailed = manifest.mustPass.filter((id) => scored.some((s) => s.id === id && !s.check.correct));
  const mark = passMark ?? manifest.passMark;
  // Completion-only (band A) lessons pass on effort: every scored step answered; the gradebook gets 100.
  const passed = manifest.completionOnly
    ? scored.every((s) => s.answered)
    : percent >= mark && mustPassFailed.length === 0;
  return {
    points,
    maxPoints,
    percent,
    passed,
    completionOnly: manifest.completionOnly,
    mustPassFailed,
    items: scored.map((s) => s.check),
    objectives: competences(scored),
  };
}

/** Secure at ≥80 % of the objective's points; otherwise any all-wrong answer signals a misconception. */
function competences(scored: Array<Scored & { objective?: string }>): Record<string, Competence> {
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

/** Scoring of quiz items and spot steps: pick options or mark segments, with partial credit. */
import type { QuizItem, SpotStep } from '../catalog';
import { ScoringError } from './scoring.types';
import { round2, type Scored } from './scoring-shared';

export type ChoiceTarget = { kind: 'item'; item: QuizItem } | { kind: 'spot'; step: SpotStep };

/** single/truefalse: all or nothing. multiple and spot: each wrong pick cancels a right one. */
export function checkChoice(target: ChoiceTarget, key: string, answer: string[]): Scored {
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
  const share = type === 'single' || type === 'truefalse' ? (right === 1 ? 1 : 0) : Math.max(0, right - wrong) / totalCorrect;
  return {
    check: { key, correct: share === 1, points: round2(share * maxPoints), maxPoints, feedback: choices.map((c) => ({ ...c, chosen: chosen.has(c.id) })) },
    allWrong: chosen.size > 0 && right === 0,
    answered: chosen.size > 0,
  };
}

/** Order steps (put items in sequence) and sort steps (cards into groups), with partial credit. */
import type { OrderStep, SortStep } from '../catalog';
import { ScoringError } from './scoring.types';
import { round2, type Scored } from './scoring-shared';

/**
 * Answer: every item id in the learner's order. Credit counts adjacent pairs in the right
 * relative order (item i directly followed by item i+1) out of n − 1, so one misplaced item
 * costs a little, not everything after it.
 */
export function checkOrder(step: OrderStep, answer: string[]): Scored {
  const key = step.id;
  const position = new Map(step.items.map((item, i) => [item.id, i] as const));
  const answered = answer.length > 0;
  if (answered) {
    const unknown = answer.find((id) => !position.has(id));
    if (unknown !== undefined) throw new ScoringError('invalid_answer', key, `"${unknown}" is not an item of "${key}"`);
    if (new Set(answer).size !== answer.length || answer.length !== step.items.length) {
      throw new ScoringError('invalid_answer', key, `"${key}" needs each of its ${step.items.length} items exactly once`);
    }
  }
  let pairs = 0;
  for (let i = 0; i + 1 < answer.length; i++) {
    if ((position.get(answer[i] as string) as number) + 1 === position.get(answer[i + 1] as string)) pairs++;
  }
  const share = answered ? pairs / (step.items.length - 1) : 0;
  return {
    check: {
      key,
      correct: answered && share === 1,
      points: round2(share * step.points),
      maxPoints: step.points,
      feedback: step.items.map((item, i) => ({ id: item.id, feedbackKey: item.feedback, correct: answer[i] === item.id, chosen: answered })),
    },
    allWrong: answered && pairs === 0,
    answered,
  };
}

/** Answer: "<cardId>=<groupId>" for every card. Credit = correctly placed cards / cards. */
export function checkSort(step: SortStep, answer: string[]): Scored {
  const key = step.id;
  const groups = new Set(step.groups.map((g) => g.id));
  const placed = new Map<string, string>();
  for (const entry of answer) {
    const [cardId = '', groupId = '', ...rest] = entry.split('=');
    if (rest.length > 0 || !step.cards.some((c) => c.id === cardId) || !groups.has(groupId)) {
      throw new ScoringError('invalid_answer', key, `"${entry}" is not "<card>=<group>" for a card and group of "${key}"`);
    }
    if (placed.has(cardId)) throw new ScoringError('invalid_answer', key, `card "${cardId}" of "${key}" is placed twice`);
    placed.set(cardId, groupId);
  }
  const answered = placed.size > 0;
  if (answered && placed.size !== step.cards.length) {
    throw new ScoringError('invalid_answer', key, `"${key}" needs a group for each of its ${step.cards.length} cards`);
  }
  const right = step.cards.filter((c) => placed.get(c.id) === c.group).length;
  const share = right / step.cards.length;
  return {
    check: {
      key,
      correct: share === 1,
      points: round2(share * step.points),
      maxPoints: step.points,
      feedback: step.cards.map((c) => ({ id: c.id, feedbackKey: c.feedback, correct: placed.get(c.id) === c.group, chosen: answered })),
    },
    allWrong: answered && right === 0,
    answered,
  };
}

/** Hashes a string to 32 bits (FNV-1a): the seed of shuffleFor's generator. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A deterministic shuffle for the player's order and sort displays (seed e.g. attempt id +
 * step id), so a reload shows the same order without storing it. An order step's authored
 * order IS the answer, so a shuffle that comes out unchanged is reversed instead.
 */
export function shuffleFor(seed: string, ids: string[]): string[] {
  let state = hash32(seed);
  const random = (): number => { // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out.every((id, i) => id === ids[i]) ? out.reverse() : out;
}

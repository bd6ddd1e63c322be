/** Internal shapes and helpers shared by the per-kind scoring files. */
import type { ItemCheck } from './scoring.types';

/** A check plus what competence and completion need and ItemCheck does not expose. */
export interface Scored {
  check: ItemCheck;
  /** Answered, and every pick was wrong (a misconception signal). */
  allWrong: boolean;
  /** The learner gave a complete answer (for chat: reached the end of the conversation). */
  answered: boolean;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

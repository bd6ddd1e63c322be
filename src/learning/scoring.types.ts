/** Shapes and the error of scoring.ts, kept apart so routes and repositories can import them cheaply. */
import { AppError } from '../errors';

/** Stored answers: "<stepId>/<itemId>" for quiz items, "<stepId>" for spot steps → chosen option or marked segment ids. */
export type Answers = Record<string, string[]>;

/** Quiz stepId → the item ids shown in this attempt, in order. Stored with the attempt so a resume shows the same items. */
export type Drawn = Record<string, string[]>;

export interface ItemCheck {
  key: string;
  /** Full points earned. */
  correct: boolean;
  /** Points earned, rounded to two decimals (partial credit makes fractions). */
  points: number;
  maxPoints: number;
  /** One entry per option (quiz) or segment (spot), in authoring order; feedbackKey is a lesson text key. */
  feedback: Array<{ id: string; feedbackKey: string; correct: boolean; chosen: boolean }>;
}

export type Competence = 'secure' | 'developing' | 'misconception';

export interface AttemptScore {
  points: number;
  maxPoints: number;
  /** 0–100, rounded to an integer. */
  percent: number;
  passed: boolean;
  /** Must-pass ids (quiz item ids or spot step ids) in this attempt that did not get full points. */
  mustPassFailed: string[];
  items: ItemCheck[];
  /** Objective id → competence, for the objectives assessed by at least one item of this attempt. */
  objectives: Record<string, Competence>;
}

export type ScoringErrorCode = 'unknown_item' | 'invalid_answer' | 'invalid_draw';

/**
 * A client or stored attempt refers to something the lesson version does not have. A bad key
 * or option comes from the client (400); a bad draw can only come from stored data (500).
 */
export class ScoringError extends AppError {
  declare readonly code: ScoringErrorCode;
  /** The answer key or step id at fault. */
  readonly key: string;

  constructor(code: ScoringErrorCode, key: string, message: string) {
    super(code, code === 'invalid_draw' ? 500 : 400, message, { key });
    this.name = 'ScoringError';
    this.key = key;
  }
}

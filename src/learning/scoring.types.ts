/** Shapes and the error of scoring.ts, kept apart so routes and repositories can import them cheaply. */
import { AppError } from '../errors';

/**
 * Stored answers, by key:
 * - "<quizStepId>/<itemId>" → chosen option ids;
 * - "<spotStepId>" → marked segment ids;
 * - "<chatStepId>/<nodeId>" → [chosen choice id], one per decision on the learner's path;
 * - "<orderStepId>" → every item id, in the learner's order;
 * - "<sortStepId>" → "<cardId>=<groupId>" for every card.
 * Reflection steps never have answers (they are never stored).
 */
export type Answers = Record<string, string[]>;

/** Quiz stepId → the item ids shown in this attempt, in order. Stored with the attempt so a resume shows the same items. */
export type Drawn = Record<string, string[]>;

export interface ItemCheck {
  key: string;
  /** Full points earned. */
  correct: boolean;
  /**
   * Points earned, rounded to two decimals (partial credit makes fractions). For a single chat
   * decision these are the choice's raw points against the node's best; the chat step's share
   * of the lesson score (raw / best path × step points) is in scoreAttempt's items.
   */
  points: number;
  maxPoints: number;
  /**
   * Feedback entries in authoring order; feedbackKey is a lesson text key.
   * - quiz / spot: one per option or segment; `correct` = it is a right option or a flag.
   * - chat decision ("<step>/<node>"): one per choice; `correct` = the choice has the node's best points.
   * - chat step (in scoreAttempt): one per choice of each decision on the path, id "<nodeId>/<choiceId>".
   * - order / sort: one per item or card; `correct` = the learner put it in the right place or group,
   *   `chosen` = the step was answered.
   */
  feedback: Array<{ id: string; feedbackKey: string; correct: boolean; chosen: boolean }>;
  /**
   * Chat decisions only: the node the chosen choice leads to, whose messages the player shows
   * next; null = the conversation is over. Absent for other keys and for an empty answer.
   */
  next?: string | null;
}

export type Competence = 'secure' | 'developing' | 'misconception';

export interface AttemptScore {
  points: number;
  maxPoints: number;
  /** 0–100, rounded to an integer. */
  percent: number;
  passed: boolean;
  /**
   * The lesson is completion-only (band A): the caller sends 100 to the gradebook once the
   * attempt is submitted, and `passed` means "every scored step answered" (percent is still
   * shown to the learner).
   */
  completionOnly: boolean;
  /** Must-pass ids (quiz item ids or spot / chat / order / sort step ids) in this attempt that did not get full points. */
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

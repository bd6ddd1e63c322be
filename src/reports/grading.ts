/**
 * How a report reads a submitted attempt under the assignment's *current* settings. The stored
 * `passed` was decided with the pass mark of the day of submission; a teacher who changes the
 * pass mark or the graded attempt expects the class view to follow at once, so reports decide
 * again from the stored percent, must-pass failures and per-item answers.
 */
export type GradingPolicy = 'best' | 'last' | 'first';
export type Competence = 'secure' | 'developing' | 'misconception';

export interface GradingSettings { passMark: number; gradingPolicy: GradingPolicy; completionOnly: boolean }

/** attempt.result as learning.submit writes it. */
export interface StoredResult {
  items: Array<{ key: string; correct: boolean; points: number; maxPoints: number; chosen: string[] }>;
  objectives: Record<string, Competence>;
  mustPassFailed: string[];
}

export interface GradableAttempt {
  attemptNumber: number;
  status: 'in_progress' | 'submitted';
  percent: number | null;
  result: unknown;
}

export function storedResult(raw: unknown): StoredResult {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<StoredResult>;
  return {
    items: Array.isArray(r.items) ? r.items : [],
    objectives: r.objectives && typeof r.objectives === 'object' ? r.objectives : {},
    mustPassFailed: Array.isArray(r.mustPassFailed) ? r.mustPassFailed : [],
  };
}

/**
 * Which submitted attempt counts; the same rule as learning's gradedAttempt (best = highest
 * percent, the earliest on a tie), written over the few columns a report selects.
 */
export function pickGraded<T extends GradableAttempt>(all: T[], policy: GradingPolicy): T | undefined {
  const done = all.filter((a) => a.status === 'submitted').sort((x, y) => x.attemptNumber - y.attemptNumber);
  if (policy === 'first') return done[0];
  if (policy === 'last') return done[done.length - 1];
  return done.reduce<T | undefined>((best, a) => (!best || (a.percent ?? 0) > (best.percent ?? 0) ? a : best), undefined);
}

/** Completion-only (band A) passes on effort: every scored step answered, as scoring does. */
export function passedUnder(attempt: GradableAttempt, settings: GradingSettings): boolean {
  const result = storedResult(attempt.result);
  if (settings.completionOnly) return result.items.every((i) => i.chosen.length > 0);
  return (attempt.percent ?? 0) >= settings.passMark && result.mustPassFailed.length === 0;
}

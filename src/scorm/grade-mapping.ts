/**
 * SCORM run-time data → one result per attempt → an AGS score. Pure functions, no I/O.
 *
 * Per SCO (stored CMI is the `cmi` object as scorm-again renders it):
 * - score (0–1): cmi.score.scaled (2004) clamped to 0–1; else (raw − min) / (max − min) when
 *   min and max are numbers with max > min; else raw read as a 0–100 percentage.
 * - SCORM 1.2 (RTE 3.4.2.1.4 cmi.core.lesson_status): passed/completed/failed count as
 *   completed; passed/failed give success. When the SCO reports a raw score but not passed/failed
 *   and the manifest has adlcp:masteryscore, success = raw ≥ mastery (RTE 3.4.2.3.1).
 * - SCORM 2004 (RTE 4.2.4.1 / 4.2.22.1): completion_status and success_status, except that a
 *   completion threshold with a progress_measure decides completion, and a scaled passing score
 *   with score.scaled decides success (the LMS evaluates those, overriding the SCO).
 * Roll-up (multi-SCO): completed when every SCO is completed; score = average of the SCOs that
 * have a score; failed if any SCO failed, passed if at least one passed and none failed.
 * AGS: activityProgress Started (nothing attempted yet) / InProgress / Completed;
 * gradingProgress FullyGraded once completed, else Pending. A completed package with no score
 * anywhere scores 100 (0 if it reported failed), like a native completion-only lesson.
 */
import type { ScormSco, ScormVersion } from './manifest.types';

export type Completion = 'not_attempted' | 'incomplete' | 'completed' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';

export interface ScoResult { scoId: string; completion: Completion; success: Success; scaled: number | null }
export interface RolledUpResult {
  completion: Completion;
  success: Success;
  /** 0–1, or null when no SCO reported a score. */
  scaled: number | null;
  /** 0–100 with two decimals, or null (see scaled). */
  percent: number | null;
  scos: ScoResult[];
  activityProgress: 'Started' | 'InProgress' | 'Completed';
  gradingProgress: 'Pending' | 'FullyGraded';
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
function n(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const x = Number(v);
  return Number.isFinite(x) ? x : undefined;
}
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const str = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : '');

/** The 0–1 score of a CMI score object ({ scaled?, raw?, min?, max? }), or null. */
export function scaledScore(score: unknown): number | null {
  const s = obj(score);
  const scaled = n(s.scaled);
  if (scaled !== undefined) return clamp01(scaled);
  const raw = n(s.raw);
  if (raw === undefined) return null;
  const min = n(s.min);
  const max = n(s.max);
  if (min !== undefined && max !== undefined && max > min) return clamp01((raw - min) / (max - min));
  return clamp01(raw / 100);
}

export function scoResult12(scoId: string, cmi: unknown, sco?: Pick<ScormSco, 'masteryScore'>): ScoResult {
  const core = obj(obj(cmi).core);
  const status = str(core.lesson_status);
  const score = obj(core.score);
  const scaled = scaledScore(score);
  let completion: Completion = status === 'passed' || status === 'completed' || status === 'failed' ? 'completed'
    : status === 'incomplete' || status === 'browsed' ? 'incomplete' : status === 'not attempted' || status === '' ? 'not_attempted' : 'unknown';
  let success: Success = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown';
  const raw = n(score.raw);
  if (success === 'unknown' && sco?.masteryScore !== undefined && raw !== undefined) {
    success = raw >= sco.masteryScore ? 'passed' : 'failed';
    completion = 'completed';
  }
  return { scoId, completion, success, scaled };
}

export function scoResult2004(scoId: string, cmi: unknown, sco?: Pick<ScormSco, 'completionThreshold' | 'scaledPassingScore'>): ScoResult {
  const c = obj(cmi);
  const scaled = scaledScore(c.score);
  const cs = str(c.completion_status);
  let completion: Completion = cs === 'completed' ? 'completed' : cs === 'incomplete' ? 'incomplete' : cs === 'not attempted' || cs === '' ? 'not_attempted' : 'unknown';
  const progress = n(c.progress_measure);
  const threshold = n(c.completion_threshold) ?? sco?.completionThreshold;
  if (threshold !== undefined && progress !== undefined) completion = progress >= threshold ? 'completed' : 'incomplete';
  const ss = str(c.success_status);
  let success: Success = ss === 'passed' ? 'passed' : ss === 'failed' ? 'failed' : 'unknown';
  const passing = n(c.scaled_passing_score) ?? sco?.scaledPassingScore;
  const rawScaled = n(obj(c.score).scaled);
  if (passing !== undefined && rawScaled !== undefined) success = rawScaled >= passing ? 'passed' : 'failed';
  return { scoId, completion, success, scaled };
}

export function scoResult(version: ScormVersion, scoId: string, cmi: unknown, sco?: ScormSco): ScoResult {
  return version === '1.2' ? scoResult12(scoId, cmi, sco) : scoResult2004(scoId, cmi, sco);
}

/** Rolls the tracked SCOs of a package up to one result; SCOs without state count as not attempted. */
export function rollUp(version: ScormVersion, scos: ScormSco[], states: ReadonlyMap<string, unknown>): RolledUpResult {
  const tracked = scos.filter((s) => s.scormType === 'sco');
  const list = (tracked.length ? tracked : scos).map((s) => {
    const cmi = states.get(s.id);
    return cmi === undefined ? { scoId: s.id, completion: 'not_attempted' as const, success: 'unknown' as const, scaled: null } : scoResult(version, s.id, cmi, s);
  });
  // An asset-only package has nothing that reports: launching it is completing it.
  if (!tracked.length) for (const r of list) if (states.has(r.scoId)) r.completion = 'completed';
  const completed = list.length > 0 && list.every((r) => r.completion === 'completed');
  const started = list.some((r) => r.completion !== 'not_attempted' || r.scaled !== null);
  const scored = list.filter((r) => r.scaled !== null).map((r) => r.scaled!);
  const failed = list.some((r) => r.success === 'failed');
  const passed = !failed && list.some((r) => r.success === 'passed');
  const success: Success = failed ? 'failed' : passed ? 'passed' : 'unknown';
  let scaled = scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null;
  if (scaled === null && completed) scaled = failed ? 0 : 1;
  return {
    completion: completed ? 'completed' : started ? 'incomplete' : 'not_attempted',
    success, scaled, percent: scaled === null ? null : Math.round(scaled * 10000) / 100, scos: list,
    activityProgress: completed ? 'Completed' : started ? 'InProgress' : 'Started',
    gradingProgress: completed ? 'FullyGraded' : 'Pending',
  };
}

/** The AGS score document (LTI AGS 2.0 §3.4) for a rolled-up result; scoreGiven only when known. */
export function agsScore(result: RolledUpResult, userSub: string, timestamp: Date, scoreMaximum = 100): Record<string, unknown> {
  return {
    userId: userSub,
    ...(result.scaled !== null ? { scoreGiven: Math.round(result.scaled * scoreMaximum * 100) / 100, scoreMaximum } : {}),
    activityProgress: result.activityProgress,
    gradingProgress: result.gradingProgress,
    timestamp: timestamp.toISOString(),
  };
}

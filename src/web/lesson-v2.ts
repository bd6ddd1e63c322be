/**
 * The player's helpers for the v2 lesson format (chat, order, sort, reflection, help audience,
 * art, readAloud, completionOnly). The scorer is being extended to v2 in parallel; the web layer
 * uses its helpers (checkAnswer for v2 keys, chatPath, shuffleFor) when they exist, else the
 * small spec-following equivalents below. Nothing here decides a score the learner is shown as
 * final: the answers API and scoreAttempt stay the source of truth.
 */
import { bestChoicePoints, type ChatChoice, type ChatNode, type ChatStep, type Lesson, type OrderStep, type SortStep, type Step } from '../catalog';
import * as learning from '../learning';
import type { Answers, ItemCheck } from '../learning';

export type { ChatChoice, ChatNode, ChatStep, OrderStep, SortStep };
export type AnyStep = Step;
export type AnyKind = Step['kind'];

export function stepsOf(lesson: Lesson): Step[] {
  return lesson.manifest.steps;
}
export function manifestFlags(lesson: Lesson): { readAloud: boolean; completionOnly: boolean } {
  return { readAloud: lesson.manifest.readAloud === true, completionOnly: lesson.manifest.completionOnly === true };
}
export function helpAudience(step: Step): 'child' | 'adult' {
  return step.kind === 'help' && step.audience === 'adult' ? 'adult' : 'child';
}

const ART = /^assets\/[a-zA-Z0-9][a-zA-Z0-9_-]*\.svg$/;
/** The public URL of a lesson picture, or undefined for anything that is not assets/<file>.svg. */
export function artUrl(lesson: Lesson, art: unknown): string | undefined {
  if (typeof art !== 'string' || !ART.test(art)) return undefined;
  const { id, version } = lesson.manifest;
  return `/lessons/${encodeURIComponent(id)}/v${version}/${art}`;
}

type Optional = Record<string, unknown>;
const scorer = learning as unknown as Optional;

/**
 * The decision nodes the learner's answers lead through, from `start`: each node on the path,
 * the choice taken there (if answered) and whether the path stops at an ending.
 */
export function chatWalk(lesson: Lesson, step: ChatStep, answers: Answers): Array<{ node: ChatNode; choice?: ChatChoice }> {
  const byId = new Map(step.nodes.map((n) => [n.id, n]));
  const ids = pathIds(lesson, step, answers, byId);
  return ids.map((id) => {
    const node = byId.get(id)!;
    const chosen = answers[`${step.id}/${id}`]?.[0];
    return { node, choice: node.choices?.find((c) => c.id === chosen) };
  });
}

function pathIds(lesson: Lesson, step: ChatStep, answers: Answers, byId: Map<string, ChatNode>): string[] {
  if (typeof scorer.chatPath === 'function') {
    try {
      const raw = (scorer.chatPath as (l: Lesson, s: string, a: Answers) => unknown)(lesson, step.id, answers);
      const ids = Array.isArray(raw)
        ? raw.map((e) => (typeof e === 'string' ? e : (e as Optional)?.nodeId ?? (e as Optional)?.node ?? (e as Optional)?.id))
        : [];
      if (ids.length && ids.every((id) => typeof id === 'string' && byId.has(id))) return ids as string[];
    } catch { /* fall back to our own walk */ }
  }
  const out: string[] = [];
  let id: string | undefined = step.start;
  while (id && byId.has(id) && !out.includes(id)) {
    out.push(id);
    const node: ChatNode = byId.get(id)!;
    const chosen: string | undefined = answers[`${step.id}/${id}`]?.[0];
    id = node.choices?.find((c) => c.id === chosen)?.next;
  }
  return out;
}

/** A choice is "correct" when it earns the best points of its node (v2 spec, chat scoring). */
export function isBestChoice(node: ChatNode, choice: ChatChoice): boolean {
  return choice.points >= bestChoicePoints(node);
}

/** The attempt's display order for an order step: deterministic per attempt, never already solved. */
export function shuffledIds(seed: string, ids: string[]): string[] {
  let out: string[] | undefined;
  if (typeof scorer.shuffleFor === 'function') {
    try { out = (scorer.shuffleFor as (s: string, i: string[]) => string[])(seed, [...ids]); } catch { out = undefined; }
  }
  if (!out || out.length !== ids.length || !ids.every((id) => out!.includes(id))) out = localShuffle(seed, ids);
  // A list that starts solved teaches nothing: rotate by one.
  if (ids.length > 1 && out.every((id, i) => id === ids[i])) out = [...out.slice(1), out[0]!];
  return out;
}

function localShuffle(seed: string, ids: string[]): string[] {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const next = () => { h = (h + 0x6d2b79f5) >>> 0; let t = Math.imul(h ^ (h >>> 15), 1 | h); t ^= t + Math.imul(t ^ (t >>> 7), 61 | t); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The scorer's check of a stored answer; for v2 keys, until the scorer knows them, a check by the
 * spec's rules so a resumed page can show what the learner already did. Bad data → undefined.
 */
export function checkStored(lesson: Lesson, key: string, answer: string[] | undefined): ItemCheck | undefined {
  if (!answer) return undefined;
  try {
    return learning.checkAnswer(lesson, key, answer);
  } catch {
    return specCheck(lesson, key, answer);
  }
}

function specCheck(lesson: Lesson, key: string, answer: string[]): ItemCheck | undefined {
  const [stepId, nodeId] = key.split('/');
  const step = stepsOf(lesson).find((s) => s.id === stepId);
  const round = (n: number) => Math.round(n * 100) / 100;
  if (step?.kind === 'order' && nodeId === undefined) {
    const ids = step.items.map((i) => i.id);
    if (answer.length !== ids.length || !ids.every((id) => answer.includes(id))) return undefined;
    const pairs = answer.slice(1).filter((id, i) => ids.indexOf(id) === ids.indexOf(answer[i]!) + 1).length;
    const share = pairs / (ids.length - 1);
    return { key, correct: share === 1, points: round(share * step.points), maxPoints: step.points,
      feedback: step.items.map((it, i) => ({ id: it.id, feedbackKey: it.feedback, correct: answer[i] === it.id, chosen: true })) };
  }
  if (step?.kind === 'sort' && nodeId === undefined) {
    const placed = new Map(answer.map((a) => a.split('=') as [string, string]));
    if (!step.cards.every((c) => placed.has(c.id))) return undefined;
    const right = step.cards.filter((c) => placed.get(c.id) === c.group).length;
    return { key, correct: right === step.cards.length, points: round((right / step.cards.length) * step.points), maxPoints: step.points,
      feedback: step.cards.map((c) => ({ id: c.id, feedbackKey: c.feedback, correct: placed.get(c.id) === c.group, chosen: true })) };
  }
  if (step?.kind === 'chat' && nodeId) {
    const node = step.nodes.find((n) => n.id === nodeId);
    const choice = node?.choices?.find((c) => c.id === answer[0]);
    if (!node || !choice) return undefined;
    const best = isBestChoice(node, choice);
    return { key, correct: best, points: choice.points, maxPoints: bestChoicePoints(node),
      feedback: node.choices!.map((c) => ({ id: c.id, feedbackKey: c.feedback, correct: isBestChoice(node, c), chosen: c.id === choice.id })) };
  }
  return undefined;
}

/**
 * The player's helpers for the v2 lesson format (chat, order, sort, reflection, help audience,
 * art, readAloud, completionOnly), on top of the scorer's own chatPath / shuffleFor / checkAnswer
 * so the page and the answers API can never disagree. Nothing here decides a score the learner is shown as
 * final: the answers API and scoreAttempt stay the source of truth.
 */
import { bestChoicePoints, type ChatChoice, type ChatNode, type ChatStep, type Lesson, type OrderStep, type SortStep, type Step } from '../catalog';
import { chatPath, checkAnswer, shuffleFor, type Answers, type ItemCheck } from '../learning';

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

/**
 * The nodes the learner's answers lead through, from `start` (the scorer's chatPath), each with
 * the choice taken there if answered.
 */
export function chatWalk(lesson: Lesson, step: ChatStep, answers: Answers): Array<{ node: ChatNode; choice?: ChatChoice }> {
  const byId = new Map(step.nodes.map((n) => [n.id, n]));
  let ids: string[];
  try {
    ids = chatPath(lesson, step.id, answers).filter((id) => byId.has(id));
  } catch {
    ids = [step.start]; // bad stored data: start over rather than fail the page
  }
  return ids.map((id) => {
    const node = byId.get(id)!;
    const chosen = answers[`${step.id}/${id}`]?.[0];
    return { node, choice: node.choices?.find((c) => c.id === chosen) };
  });
}

/** A choice is "correct" when it earns the best points of its node (v2 spec, chat scoring). */
export function isBestChoice(node: ChatNode, choice: ChatChoice): boolean {
  return choice.points >= bestChoicePoints(node);
}

/** The attempt's display order for an order step: deterministic per attempt, never already solved. */
export function shuffledIds(seed: string, ids: string[]): string[] {
  const out = shuffleFor(seed, [...ids]);
  // A list that starts solved teaches nothing: rotate by one.
  if (ids.length > 1 && out.every((id, i) => id === ids[i])) return [...out.slice(1), out[0]!];
  return out;
}

/** The scorer's check of a stored answer; bad stored data shows as unanswered. */
export function checkStored(lesson: Lesson, key: string, answer: string[] | undefined): ItemCheck | undefined {
  if (!answer) return undefined;
  try {
    return checkAnswer(lesson, key, answer);
  } catch {
    return undefined;
  }
}

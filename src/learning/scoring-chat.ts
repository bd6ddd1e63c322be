/**
 * Branching chat steps. The learner answers one decision at a time; only decisions on the
 * path their earlier choices lead to count, so the server can refuse a jump to a node the
 * learner never reached, and answers left on an abandoned branch are ignored.
 * Step score = sum of chosen choices' points on the path / best path's points × step points.
 */
import { bestChoicePoints, chatBestRaw, chatNode, isDecision, type ChatChoice, type ChatNode, type ChatStep, type Lesson } from '../catalog';
import { ScoringError, type Answers, type ItemCheck } from './scoring.types';
import { round2, sum, type Scored } from './scoring-shared';

/** The chat step `stepId` of the lesson, or an unknown_item error naming `key`. */
export function findChatStep(lesson: Lesson, stepId: string, key: string = stepId): ChatStep {
  const step = lesson.manifest.steps.find((s) => s.id === stepId);
  if (step?.kind !== 'chat') throw new ScoringError('unknown_item', key, `"${stepId}" is not a chat step of ${lesson.manifest.id} v${lesson.manifest.version}`);
  return step;
}

function pickChoice(node: ChatNode, answer: string[], key: string): ChatChoice {
  if (answer.length !== 1) throw new ScoringError('invalid_answer', key, `"${key}" takes exactly one choice, got ${answer.length}`);
  const choice = (node.choices ?? []).find((c) => c.id === answer[0]);
  if (!choice) throw new ScoringError('invalid_answer', key, `"${answer[0]}" is not a choice of "${key}"`);
  return choice;
}

interface Walk { nodes: string[]; decisions: Array<{ node: ChatNode; choice: ChatChoice }>; complete: boolean }

/** Follows the learner's answers from `start` until an unanswered decision or the end. */
function walk(step: ChatStep, answers: Answers): Walk {
  const out: Walk = { nodes: [], decisions: [], complete: false };
  let node = chatNode(step, step.start);
  // The bound only matters for a graph the validator would refuse (a loop).
  while (node && out.nodes.length <= step.nodes.length) {
    out.nodes.push(node.id);
    if (!isDecision(node)) return { ...out, complete: true };
    const key = `${step.id}/${node.id}`;
    const answer = answers[key] ?? [];
    if (answer.length === 0) return out;
    const choice = pickChoice(node, answer, key);
    out.decisions.push({ node, choice });
    if (choice.next === undefined) return { ...out, complete: true };
    node = chatNode(step, choice.next);
  }
  return out;
}

/** Node ids on the learner's path so far: from start to the decision awaiting an answer, or to the end. */
export function chatPath(lesson: Lesson, stepId: string, answers: Answers): string[] {
  return walk(findChatStep(lesson, stepId), answers).nodes;
}

/**
 * Whether the learner may answer decision `nodeId` now: it is a decision on the path their
 * earlier answers lead to. Re-answering a decision already on the path is allowed (the
 * branch after it is then re-walked); anything else, including unknown ids, is not.
 */
export function isChatDecisionAvailable(lesson: Lesson, stepId: string, nodeId: string, answers: Answers): boolean {
  const step = lesson.manifest.steps.find((s) => s.id === stepId);
  if (step?.kind !== 'chat') return false;
  const node = chatNode(step, nodeId);
  if (!node || !isDecision(node)) return false;
  // Only earlier decisions decide the path, so the node's own (possibly stale) answer is left out.
  const earlier: Answers = { ...answers };
  delete earlier[`${stepId}/${nodeId}`];
  try {
    return walk(step, earlier).nodes.includes(nodeId);
  } catch (err) {
    if (err instanceof ScoringError) return false; // a corrupt earlier answer leads nowhere
    throw err;
  }
}

/** One decision ("<stepId>/<nodeId>"): the choice's points against the node's best, its feedback and `next`. */
export function checkChatDecision(step: ChatStep, nodeId: string, key: string, answer: string[]): ItemCheck {
  const node = chatNode(step, nodeId);
  if (!node || !isDecision(node)) throw new ScoringError('unknown_item', key, `"${key}" is not a decision of chat step "${step.id}"`);
  const best = bestChoicePoints(node);
  const choice = answer.length === 0 ? undefined : pickChoice(node, answer, key);
  const check: ItemCheck = {
    key,
    correct: choice !== undefined && choice.points === best,
    points: choice?.points ?? 0,
    maxPoints: best,
    feedback: (node.choices ?? []).map((c) => ({ id: c.id, feedbackKey: c.feedback, correct: c.points === best, chosen: c === choice })),
  };
  if (choice) check.next = choice.next ?? null;
  return check;
}

/** The whole step for scoreAttempt (key "<stepId>"). */
export function scoreChat(step: ChatStep, answers: Answers): Scored {
  const { decisions, complete } = walk(step, answers);
  const raw = sum(decisions.map((d) => d.choice.points));
  const rawMax = chatBestRaw(step);
  const share = rawMax > 0 ? Math.min(1, raw / rawMax) : 0;
  const feedback = decisions.flatMap(({ node, choice }) => {
    const best = bestChoicePoints(node);
    return (node.choices ?? []).map((c) => ({ id: `${node.id}/${c.id}`, feedbackKey: c.feedback, correct: c.points === best, chosen: c === choice }));
  });
  return {
    check: { key: step.id, correct: rawMax > 0 && raw >= rawMax, points: round2(share * step.points), maxPoints: step.points, feedback },
    allWrong: decisions.length > 0 && decisions.every(({ node, choice }) => choice.points < bestChoicePoints(node)),
    answered: complete,
  };
}

/**
 * Graph helpers for chat steps, shared by the validator and by scoring so that both agree
 * on what "the best path" is. They assume a graph the validator has accepted (every `next`
 * exists, no cycles); on anything else they stop instead of looping.
 */
import type { ChatNode, ChatStep } from './lesson.schemas';

export function chatNode(step: ChatStep, nodeId: string): ChatNode | undefined {
  return step.nodes.find((n) => n.id === nodeId);
}

/** A node with choices is a decision; every other node ends the conversation. */
export function isDecision(node: ChatNode): boolean {
  return node.choices !== undefined && node.choices.length > 0;
}

/** The best points a learner can collect from `nodeId` to an ending (the step's raw maximum from start). */
export function chatBestRaw(step: ChatStep, nodeId: string = step.start): number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const best = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const node = chatNode(step, id);
    if (!node || visiting.has(id)) return 0; // broken graph: the validator reports it
    visiting.add(id);
    let value = 0;
    for (const choice of node.choices ?? []) value = Math.max(value, choice.points + (choice.next ? best(choice.next) : 0));
    visiting.delete(id);
    memo.set(id, value);
    return value;
  };
  return best(nodeId);
}

/** Best points among a decision's choices: a choice scoring that much is "correct". */
export function bestChoicePoints(node: ChatNode): number {
  return Math.max(0, ...(node.choices ?? []).map((c) => c.points));
}

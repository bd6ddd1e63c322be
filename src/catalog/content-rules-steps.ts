/**
 * Per-kind structure rules (quiz item, spot, chat, order, sort). Each takes the step's JSON
 * path and a report callback so every problem line names the exact place to fix.
 */
import type { ChatStep, OrderStep, QuizItem, SortStep, SpotStep } from './lesson.schemas';
import { chatBestRaw, isDecision } from './chat-graph';

export type Report = (where: string, what: string) => void;

/** Reports the second and later uses of an id within one list. */
function checkUnique(ids: string[], where: (i: number) => string, what: (id: string) => string, report: Report): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) report(where(i), what(id));
    seen.add(id);
  });
}

export function checkItem(item: QuizItem, at: string, report: Report): void {
  checkUnique(item.options.map((o) => o.id), (j) => `${at}.options[${j}].id`, (id) => `duplicate option id "${id}" in item "${item.id}"`, report);
  item.options.forEach((o, j) => {
    if (item.type !== 'truefalse' && !o.text) report(`${at}.options[${j}].text`, `option "${o.id}" of item "${item.id}" has no text key`);
  });
  const correct = item.options.filter((o) => o.correct).length;
  if (item.type === 'multiple' && correct < 1) report(`${at}.options`, `item "${item.id}" (multiple) has no correct option`);
  if (item.type !== 'multiple' && correct !== 1) {
    report(`${at}.options`, `item "${item.id}" (${item.type}) needs exactly one correct option, has ${correct}`);
  }
  // The player renders true/false buttons itself and answers with the ids "true"/"false".
  if (item.type === 'truefalse') {
    const ids = item.options.map((o) => o.id).sort().join(',');
    if (ids !== 'false,true') report(`${at}.options`, `truefalse item "${item.id}" must have exactly the options "true" and "false"`);
  }
}

export function checkSpot(step: SpotStep, at: string, report: Report): void {
  checkUnique(step.artefact.segments.map((s) => s.id), (i) => `${at}.artefact.segments[${i}].id`, (id) => `duplicate segment id "${id}" in step "${step.id}"`, report);
  if (!step.artefact.segments.some((seg) => seg.flag)) {
    report(`${at}.artefact.segments`, `spot step "${step.id}" has no flagged segment, so nothing can be found`);
  }
}

/**
 * Chat graph rules: unique node ids, start and every `next` exist, decisions have 2–4
 * choices, endings have an outcome, every node is reachable, no cycles (so every path
 * ends), and the best path earns > 0 (else raw / rawMax is undefined).
 */
export function checkChat(step: ChatStep, at: string, report: Report): void {
  const ids = step.nodes.map((n) => n.id);
  checkUnique(ids, (i) => `${at}.nodes[${i}].id`, (id) => `duplicate node id "${id}" in chat step "${step.id}"`, report);
  const index = new Map(ids.map((id, i) => [id, i] as const));
  let sound = true;
  if (!index.has(step.start)) {
    report(`${at}.start`, `start node "${step.start}" is not a node of chat step "${step.id}"`);
    sound = false;
  }
  step.nodes.forEach((node, i) => {
    const nt = `${at}.nodes[${i}]`;
    if (node.choices !== undefined) {
      if (node.choices.length < 2 || node.choices.length > 4) {
        report(`${nt}.choices`, `decision node "${node.id}" needs 2–4 choices, has ${node.choices.length}`);
      }
      checkUnique(node.choices.map((c) => c.id), (j) => `${nt}.choices[${j}].id`, (id) => `duplicate choice id "${id}" in node "${node.id}"`, report);
      node.choices.forEach((c, j) => {
        if (c.next !== undefined && !index.has(c.next)) {
          report(`${nt}.choices[${j}].next`, `node "${c.next}" does not exist in chat step "${step.id}"`);
          sound = false;
        }
      });
    }
    if (!isDecision(node) && node.outcome === undefined) {
      report(`${nt}.outcome`, `ending node "${node.id}" needs an outcome (safe, unsafe or neutral)`);
    }
  });
  if (!sound) return; // reachability and cycles are meaningless with dangling references

  // Depth-first walk from start: a node met again while still on the stack closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const walk = (id: string): void => {
    state.set(id, 'open');
    const i = index.get(id) as number;
    for (const choice of step.nodes[i]?.choices ?? []) {
      if (choice.next === undefined) continue;
      const seen = state.get(choice.next);
      if (seen === 'open') {
        sound = false;
        report(`${at}.nodes[${i}].choices`, `choice "${choice.id}" of node "${id}" leads back to "${choice.next}": chat steps may not loop`);
      } else if (seen === undefined) walk(choice.next);
    }
    state.set(id, 'done');
  };
  walk(step.start);
  step.nodes.forEach((node, i) => {
    if (!state.has(node.id)) report(`${at}.nodes[${i}]`, `node "${node.id}" cannot be reached from start "${step.start}"`);
  });
  if (sound && chatBestRaw(step) <= 0) {
    report(`${at}.nodes`, `no path of chat step "${step.id}" earns points, so its maximum cannot be reached`);
  }
}

export function checkOrder(step: OrderStep, at: string, report: Report): void {
  if (step.items.length < 3 || step.items.length > 7) report(`${at}.items`, `order step "${step.id}" needs 3–7 items, has ${step.items.length}`);
  checkUnique(step.items.map((s) => s.id), (i) => `${at}.items[${i}].id`, (id) => `duplicate item id "${id}" in order step "${step.id}"`, report);
}

export function checkSort(step: SortStep, at: string, report: Report): void {
  if (step.groups.length < 2 || step.groups.length > 4) report(`${at}.groups`, `sort step "${step.id}" needs 2–4 groups, has ${step.groups.length}`);
  if (step.cards.length < 4 || step.cards.length > 12) report(`${at}.cards`, `sort step "${step.id}" needs 4–12 cards, has ${step.cards.length}`);
  checkUnique(step.groups.map((g) => g.id), (i) => `${at}.groups[${i}].id`, (id) => `duplicate group id "${id}" in sort step "${step.id}"`, report);
  checkUnique(step.cards.map((c) => c.id), (i) => `${at}.cards[${i}].id`, (id) => `duplicate card id "${id}" in sort step "${step.id}"`, report);
  const groups = new Set(step.groups.map((g) => g.id));
  step.cards.forEach((card, i) => {
    if (!groups.has(card.group)) report(`${at}.cards[${i}].group`, `group "${card.group}" is not a group of sort step "${step.id}"`);
  });
  step.groups.forEach((group, i) => {
    if (!step.cards.some((c) => c.group === group.id)) report(`${at}.groups[${i}]`, `group "${group.id}" has no card, so it teaches nothing`);
  });
}

/**
 * View models of the v2 interactive steps (chat, order, sort, reflection). Same rule as the rest
 * of the player: nothing that tells a right answer from a wrong one is on the page before the
 * learner's answer was checked — no points, no `next` of a choice, no right group, no right order.
 */
import type { Lesson } from '../catalog';
import type { Answers } from '../learning';
import type { FeedbackView } from './player.view-model';
import { artUrl, chatWalk, checkStored, shuffledIds, type ChatNode, type ChatStep, type OrderStep, type SortStep } from './lesson-v2';

type Text = (key: string) => string;
export interface ResultLine { correct: boolean; points: number; maxPoints: number }
export interface ArtView { src: string }

export interface ChatMessageView { text: string; from: 'them' | 'me' | 'system' }
export interface ChatNodeView {
  id: string; messages: ChatMessageView[];
  /** On the path and answered: the learner's own bubble and the feedback for that choice. */
  taken?: { text: string; feedback: FeedbackView };
  outcome?: { key: string; icon: string; tone: string };
}
export interface ChatDecisionView { key: string; node: string; open: boolean; choices: Array<{ id: string; text: string }> }
export interface ChatView {
  keyPrefix: string; app: string; appKey: string; videoCall: boolean; instructions: string;
  contactName: string; contactStatus?: string; initial: string;
  path: ChatNodeView[]; pending: ChatNodeView[]; decisions: ChatDecisionView[]; ended: boolean;
}
export interface OrderView {
  key: string; prompt: string; answered: boolean; result?: ResultLine;
  items: Array<{ id: string; text: string; position: number }>;
  solution?: Array<{ number: number; text: string; feedback: FeedbackView; yourPosition: number }>;
}
export interface SortView {
  key: string; prompt: string; answered: boolean; result?: ResultLine;
  groups: Array<{ id: string; label: string }>;
  cards: Array<{
    id: string; domId: string; text: string; art?: ArtView;
    options: Array<{ group: string; inputId: string; label: string; checked: boolean }>;
    feedback?: FeedbackView; rightGroup?: string;
  }>;
}
export interface ReflectionView { prompt: string; inputId: string; noteId: string }

const OUTCOME: Record<string, { icon: string; tone: string }> = {
  safe: { icon: '✓', tone: 'safe' }, unsafe: { icon: '⚠', tone: 'unsafe' }, neutral: { icon: '•', tone: 'plain' },
};

function choiceFeedback(text: string, best: boolean): FeedbackView {
  return best
    ? { text, tone: 'safe', icon: '✓', labelKey: 'player:feedback.safe' }
    : { text, tone: 'unsafe', icon: '✗', labelKey: 'player:feedback.unsafe' };
}

function nodeView(node: ChatNode, text: Text): ChatNodeView {
  const out = node.outcome ? { key: `player:chat.outcome.${node.outcome}`, ...OUTCOME[node.outcome]! } : undefined;
  return { id: node.id, messages: node.messages.map((m) => ({ text: text(m.text), from: m.from })), outcome: out };
}

/** The keys of the chat decisions that count as answerable now: those taken, plus the open one. */
export function chatKeys(lesson: Lesson, step: ChatStep, answers: Answers): string[] {
  return chatWalk(lesson, step, answers).filter((p) => p.node.choices?.length).map((p) => `${step.id}/${p.node.id}`);
}

export function chatView(lesson: Lesson, step: ChatStep, answers: Answers, text: Text): ChatView {
  const walk = chatWalk(lesson, step, answers);
  const onPath = new Set(walk.map((p) => p.node.id));
  const path = walk.map(({ node, choice }) => {
    const view = nodeView(node, text);
    if (choice) {
      // Feedback and verdict come from the scorer's check of the stored answer.
      const check = checkStored(lesson, `${step.id}/${node.id}`, [choice.id]);
      if (check) view.taken = { text: text(choice.text), feedback: choiceFeedback(text(choice.feedback), check.correct) };
    }
    return view;
  });
  const last = walk[walk.length - 1];
  const open = last && last.node.choices?.length && !last.choice ? last.node.id : undefined;
  const name = text(step.contact.name);
  return {
    keyPrefix: `${step.id}/`, app: step.app, appKey: `player:chat.app.${step.app}`, videoCall: step.app === 'video-call',
    instructions: text(step.instructions), contactName: name,
    contactStatus: step.contact.status ? text(step.contact.status) : undefined,
    initial: Array.from(name.trim())[0]?.toUpperCase() ?? '?',
    path,
    pending: step.nodes.filter((n) => !onPath.has(n.id)).map((n) => nodeView(n, text)),
    // Choice texts only: which choice leads where, and its points, stay on the server.
    decisions: step.nodes
      .filter((n) => n.choices?.length && !(onPath.has(n.id) && walk.find((p) => p.node.id === n.id)?.choice))
      .map((n) => ({ key: `${step.id}/${n.id}`, node: n.id, open: n.id === open, choices: n.choices!.map((c) => ({ id: c.id, text: text(c.text) })) })),
    ended: !open,
  };
}

export function orderView(lesson: Lesson, step: OrderStep, attemptId: string, answers: Answers, text: Text): OrderView {
  const given = answers[step.id];
  const check = checkStored(lesson, step.id, given);
  const ids = check && given ? given : shuffledIds(attemptId + step.id, step.items.map((i) => i.id));
  const byId = new Map(step.items.map((i) => [i.id, i]));
  const view: OrderView = {
    key: step.id, prompt: text(step.prompt), answered: !!check,
    items: ids.filter((id) => byId.has(id)).map((id, n) => ({ id, text: text(byId.get(id)!.text), position: n + 1 })),
  };
  if (check && given) {
    view.result = { correct: check.correct, points: check.points, maxPoints: check.maxPoints };
    view.solution = step.items.map((it, n) => {
      const yours = given.indexOf(it.id) + 1;
      return { number: n + 1, text: text(it.text), yourPosition: yours, feedback: placeFeedback(text(it.feedback), yours === n + 1, 'order') };
    });
  }
  return view;
}

function placeFeedback(text: string, right: boolean, kind: 'order' | 'sort'): FeedbackView {
  return right
    ? { text, tone: 'safe', icon: '✓', labelKey: `player:${kind}.right` }
    : { text, tone: 'unsafe', icon: '✗', labelKey: `player:${kind}.wrong` };
}

export function sortView(lesson: Lesson, step: SortStep, answers: Answers, text: Text): SortView {
  const given = answers[step.id];
  const check = checkStored(lesson, step.id, given);
  const placed = new Map((given ?? []).map((a) => a.split('=') as [string, string]));
  const groups = step.groups.map((g) => ({ id: g.id, label: text(g.label) }));
  const label = (id: string) => groups.find((g) => g.id === id)?.label ?? id;
  return {
    key: step.id, prompt: text(step.prompt), answered: !!check, groups,
    result: check ? { correct: check.correct, points: check.points, maxPoints: check.maxPoints } : undefined,
    cards: step.cards.map((c) => {
      const domId = `sort-${step.id}-${c.id}`;
      const src = artUrl(lesson, c.art);
      const right = placed.get(c.id) === c.group;
      return {
        id: c.id, domId, text: text(c.text), art: src ? { src } : undefined,
        options: groups.map((g) => ({ group: g.id, inputId: `${domId}-${g.id}`, label: g.label, checked: placed.get(c.id) === g.id })),
        feedback: check ? placeFeedback(text(c.feedback), right, 'sort') : undefined,
        rightGroup: check && !right ? label(c.group) : undefined,
      };
    }),
  };
}

export function reflectionView(stepId: string, prompt: string): ReflectionView {
  return { prompt, inputId: `reflect-${stepId}`, noteId: `reflect-${stepId}-note` };
}

/**
 * The result page's view model: score, pass/fail, must-pass safety items missed (with the safe
 * answer and why), every item with the learner's own answer and the per-option feedback,
 * competence per objective in plain words, retry, and where the grade stands in the LMS.
 * Built from the server's AttemptScore only; nothing here recomputes a score.
 */
import { lessonText, type ChatNode, type ChatStep, type Lesson, type OrderStep, type QuizItem, type SortStep, type Step } from '../catalog';
import type { AttemptScore, ItemCheck } from '../learning';
import type { UiLocale } from '../i18n';
import { lessonLangFor, optionFeedback, segmentFeedback, type FeedbackView, type LessonLang } from './player.view-model';
import { isBestChoice, manifestFlags } from './lesson-v2';

export type Competence = 'secure' | 'developing' | 'misconception';
export interface ResultOptionView { label: string; labelKey?: string; chosen: boolean; feedback: FeedbackView }
export interface ResultItemView {
  key: string; number: number; prompt: string; correct: boolean; points: number; maxPoints: number;
  unanswered: boolean; options: ResultOptionView[];
}
export interface MustPassView { prompt: string; safeAnswers: Array<{ label: string; labelKey?: string; why: string }> }
export interface ObjectiveView { text: string; level: Competence; levelKey: string; hintKey: string; icon: string }
export interface ResultViewModel {
  token: string;
  lessonTitle: string;
  lessonLang: LessonLang;
  englishFallback: boolean;
  attemptNumber: number;
  points: number; maxPoints: number; percent: number; passed: boolean;
  /** The percent formatted for the locale ("80 %" in French). */
  percentText: string;
  /** Band A completion-only lessons: "You finished the lesson!" instead of pass / not passed. */
  completionOnly: boolean;
  mustPass: MustPassView[];
  items: ResultItemView[];
  objectives: ObjectiveView[];
  canRetry: boolean;
  retryAction: string;
  gradeSync?: 'pending' | 'done' | 'failed';
  gradeSyncKey?: string;
}
export interface ResultInput {
  lesson: Lesson; locale: UiLocale; score: AttemptScore; attemptNumber: number;
  canRetry: boolean; retryAction: string; token: string; gradeSync?: 'pending' | 'done' | 'failed';
}

const LEVEL_ICON: Record<Competence, string> = { secure: '★', developing: '◐', misconception: '!' };

type Located =
  | { kind: 'quiz'; step: Extract<Step, { kind: 'quiz' }>; item: QuizItem }
  | { kind: 'spot'; step: Extract<Step, { kind: 'spot' }> }
  | { kind: 'chat'; step: ChatStep; node: ChatNode }
  | { kind: 'order'; step: OrderStep }
  | { kind: 'sort'; step: SortStep };

/** "quiz/q1" → the quiz item; "spot" → the spot step. */
function locate(lesson: Lesson, key: string): Located | undefined {
  const [stepId, itemId] = key.split('/');
  const step = lesson.manifest.steps.find((s) => s.id === stepId);
  if (step?.kind === 'quiz' && itemId) {
    const item = step.items.find((i) => i.id === itemId);
    return item ? { kind: 'quiz', step, item } : undefined;
  }
  if (step?.kind === 'spot' && itemId === undefined) return { kind: 'spot', step };
  if ((step?.kind === 'order' || step?.kind === 'sort') && itemId === undefined) return step.kind === 'order' ? { kind: 'order', step } : { kind: 'sort', step };
  if (step?.kind === 'chat' && itemId) {
    const node = step.nodes.find((n) => n.id === itemId);
    return node ? { kind: 'chat', step, node } : undefined;
  }
  return undefined;
}

export function buildResultViewModel(input: ResultInput): ResultViewModel {
  const { lesson, locale, score } = input;
  const lang = lessonLangFor(locale);
  const text = (key: string) => lessonText(lesson, lang, key);

  const items = score.items
    .map((check, n) => itemView(check, n + 1))
    .filter((v): v is ResultItemView => !!v);

  function itemView(check: ItemCheck, number: number): ResultItemView | undefined {
    const at = locate(lesson, check.key);
    if (!at) return undefined;
    const chosenAny = check.feedback.some((f) => f.chosen);
    const base = { key: check.key, number, correct: check.correct, points: check.points, maxPoints: check.maxPoints, unanswered: !chosenAny };
    if (at.kind === 'quiz') {
      return {
        ...base, prompt: text(at.item.prompt),
        options: at.item.options.map((o) => {
          const fb = check.feedback.find((f) => f.id === o.id);
          return {
            label: o.text ? text(o.text) : '', labelKey: o.text ? undefined : `player:quiz.${o.id === 'true' ? 'true' : 'false'}`,
            chosen: !!fb?.chosen, feedback: optionFeedback(text(fb?.feedbackKey ?? o.feedback), o.correct),
          };
        }),
      };
    }
    if (at.kind === 'chat') {
      const said = at.node.messages[at.node.messages.length - 1];
      return {
        ...base, prompt: said ? `${text(at.step.title)}: ${text(said.text)}` : text(at.step.title),
        options: (at.node.choices ?? []).map((c) => ({
          label: text(c.text), chosen: !!check.feedback.find((f) => f.id === c.id)?.chosen,
          feedback: optionFeedback(text(c.feedback), isBestChoice(at.node, c)),
        })),
      };
    }
    if (at.kind === 'order' || at.kind === 'sort') {
      // The scorer's per-entry `correct`: the item is at its place / the card is in its group.
      const list = at.kind === 'order' ? at.step.items : at.step.cards;
      return {
        ...base, prompt: `${text(at.step.title)}: ${text(at.step.prompt)}`, unanswered: !(check.points > 0 || check.feedback.some((f) => f.chosen)),
        options: list.map((it) => {
          const right = !!check.feedback.find((f) => f.id === it.id)?.correct;
          const labelKey = `player:${at.kind === 'order' ? 'order' : 'sort'}.${right ? 'right' : 'misplaced'}`;
          return { label: text(it.text), chosen: false, feedback: { text: text(it.feedback), tone: right ? 'safe' : 'unsafe', icon: right ? '✓' : '✗', labelKey } };
        }),
      };
    }
    return {
      ...base, prompt: `${text(at.step.title)}: ${text(at.step.instructions)}`,
      options: at.step.artefact.segments.map((s) => {
        const chosen = !!check.feedback.find((f) => f.id === s.id)?.chosen;
        return { label: text(s.text), chosen, feedback: segmentFeedback(text(s.feedback), s.flag, chosen) };
      }),
    };
  }

  // Must-pass ids name quiz items (or spot steps); show what the safe answer was and why.
  const mustPass = score.mustPassFailed.map((id): MustPassView => {
    const check = score.items.find((c) => c.key === id || c.key.endsWith(`/${id}`));
    const v2 = lesson.manifest.steps.find((s) => s.id === id);
    if (v2?.kind === 'chat') {
      const taken = score.items.filter((c) => c.key.startsWith(`${id}/`)).map((c) => locate(lesson, c.key));
      const nodes = taken.flatMap((t) => (t?.kind === 'chat' ? [t.node] : []));
      return {
        prompt: text(v2.title),
        safeAnswers: (nodes.length ? nodes : v2.nodes).flatMap((n) => (n.choices ?? []).filter((c) => isBestChoice(n, c)))
          .map((c) => ({ label: text(c.text), why: text(c.feedback) })),
      };
    }
    if (v2?.kind === 'order') return { prompt: `${text(v2.title)}: ${text(v2.prompt)}`, safeAnswers: v2.items.map((it, n) => ({ label: `${n + 1}. ${text(it.text)}`, why: text(it.feedback) })) };
    if (v2?.kind === 'sort') {
      return { prompt: `${text(v2.title)}: ${text(v2.prompt)}`, safeAnswers: v2.cards.map((c) => ({ label: `${text(c.text)} → ${text(v2.groups.find((g) => g.id === c.group)?.label ?? c.group)}`, why: text(c.feedback) })) };
    }
    const at = check ? locate(lesson, check.key) : findById(lesson, id);
    if (at?.kind === 'quiz') {
      return {
        prompt: text(at.item.prompt),
        safeAnswers: at.item.options.filter((o) => o.correct).map((o) => ({
          label: o.text ? text(o.text) : '', labelKey: o.text ? undefined : `player:quiz.${o.id === 'true' ? 'true' : 'false'}`, why: text(o.feedback),
        })),
      };
    }
    if (at?.kind === 'spot') {
      return {
        prompt: text(at.step.title),
        safeAnswers: at.step.artefact.segments.filter((s) => s.flag).map((s) => ({ label: text(s.text), why: text(s.feedback) })),
      };
    }
    return { prompt: id, safeAnswers: [] };
  });

  const objectives = lesson.manifest.objectives
    .filter((o) => score.objectives[o.id] !== undefined)
    .map((o): ObjectiveView => {
      const level = score.objectives[o.id] as Competence;
      return { text: text(o.text), level, levelKey: `player:result.level.${level}`, hintKey: `player:result.levelHint.${level}`, icon: LEVEL_ICON[level] };
    });

  return {
    token: input.token,
    lessonTitle: text(lesson.manifest.title),
    lessonLang: lang,
    englishFallback: lang !== locale,
    attemptNumber: input.attemptNumber,
    points: score.points, maxPoints: score.maxPoints, percent: Math.round(score.percent), passed: score.passed,
    percentText: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.round(score.percent) / 100),
    completionOnly: (score as { completionOnly?: boolean }).completionOnly ?? manifestFlags(lesson).completionOnly,
    mustPass, items, objectives,
    canRetry: input.canRetry,
    retryAction: input.retryAction,
    gradeSync: input.gradeSync,
    gradeSyncKey: input.gradeSync ? `player:result.grade.${input.gradeSync}` : undefined,
  };
}

function findById(lesson: Lesson, id: string): Located | undefined {
  for (const step of lesson.manifest.steps) {
    if (step.kind === 'spot' && step.id === id) return { kind: 'spot', step };
    if (step.kind === 'quiz') {
      const item = step.items.find((i) => i.id === id);
      if (item) return { kind: 'quiz', step, item };
    }
  }
  return undefined;
}

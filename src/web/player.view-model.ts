/**
 * The lesson player's view model: every lesson text resolved for the learner's language, one
 * entry per step, and — only for items the learner has already answered — the server's own
 * checkAnswer feedback. Unanswered items carry no correctness data at all, so reading the page
 * source gives nothing away; the client learns an answer's outcome only from the answers API.
 */
import { lessonText, type Lesson, type QuizItem, type Step } from '../catalog';
import type { Answers, Drawn, ItemCheck } from '../learning';
import type { UiLocale } from '../i18n';
import { artUrl, checkStored, helpAudience, manifestFlags, stepsOf, type AnyKind } from './lesson-v2';
import {
  chatKeys, chatView, orderView, reflectionView, sortView,
  type ArtView, type ChatView, type OrderView, type ReflectionView, type SortView,
} from './player-steps.view-model';

export type LessonLang = 'vi' | 'en';

export interface FeedbackView {
  text: string;
  /** Drives the icon and CSS modifier; the label key says the same thing in words. */
  tone: 'safe' | 'unsafe' | 'found' | 'missed' | 'wrong' | 'plain';
  icon: string;
  labelKey: string;
}
export interface OptionView {
  id: string; inputId: string; label: string;
  /** UI string key for options without lesson text (true/false). */
  labelKey?: string;
  chosen: boolean; feedback?: FeedbackView;
}
export interface QuizItemView {
  key: string; domId: string; number: number; prompt: string; art?: ArtView;
  inputType: 'radio' | 'checkbox'; multiple: boolean; answered: boolean;
  result?: { correct: boolean; points: number; maxPoints: number };
  options: OptionView[];
}
export interface SegmentView { id: string; text: string; marked: boolean; feedback?: FeedbackView }
export interface SlideView { number: number; domId: string; title?: string; body: string; hidden: boolean; art?: ArtView }
export interface StepView {
  id: string; kind: AnyKind; partial: string; number: number; title: string;
  hidden: boolean; isFirst: boolean; isLast: boolean;
  slides?: SlideView[]; slideCount?: number;
  spot?: {
    key: string; instructions: string; answered: boolean; type: string; typeKey: string;
    sender?: string; senderInitial?: string; meta?: string; segments: SegmentView[];
    result?: { correct: boolean; points: number; maxPoints: number };
  };
  items?: QuizItemView[];
  body?: string;
  /** Help step: band D gets the adult routes (113, local police, platform, trusted person; 111 under 18). */
  adultHelp?: boolean;
  chat?: ChatView;
  order?: OrderView;
  sort?: SortView;
  reflection?: ReflectionView;
}
export interface PlayerConfig {
  attemptId: string;
  preview?: boolean;
  urls: { position: string; answers: string; submit: string };
  steps: Array<{ id: string; kind: AnyKind; slides: number }>;
  start: number;
  keys: string[];
  answered: string[];
}
export interface PlayerViewModel {
  token: string;
  lessonTitle: string;
  lessonSummary: string;
  lessonLang: LessonLang;
  /** Band A (manifest readAloud): larger text and targets, a read-aloud button on every text. */
  readAloud: boolean;
  /** True when the page locale has no lesson text (fr, id): the lesson is shown in English. */
  englishFallback: boolean;
  submitted: boolean;
  preview?: { backUrl?: string };
  stepCount: number;
  current: number;
  steps: StepView[];
  unanswered: number;
  config: PlayerConfig;
}

export interface PlayerInput {
  lesson: Lesson;
  locale: UiLocale;
  attempt: { id: string; drawn: Drawn; answers: Answers; position: string | null; status: 'in_progress' | 'submitted' };
  token: string;
  submitUrl?: string;
  /** Teacher preview (library): answers go to the preview API and are never stored; no position, no submit. */
  preview?: { answersUrl: string; backUrl?: string };
}

export function lessonLangFor(locale: UiLocale): LessonLang {
  return locale === 'vi' ? 'vi' : 'en';
}

/** The quiz items an attempt shows for a step: the drawn ids in order, or the whole bank. */
export function drawnItems(step: Extract<Step, { kind: 'quiz' }>, drawn: Drawn): QuizItem[] {
  const ids = drawn[step.id];
  if (!ids) return step.items;
  return ids.map((id) => step.items.find((i) => i.id === id)).filter((i): i is QuizItem => !!i);
}

/**
 * Every answerable key of an attempt, in page order: spot, order and sort steps by step id, quiz
 * items as step/item, and the chat decisions on the learner's path so far (step/node: those
 * taken plus the open one). Reflection and story steps are never "unanswered".
 */
export function answerKeys(lesson: Lesson, drawn: Drawn, answers: Answers = {}): string[] {
  return stepsOf(lesson).flatMap((s) => {
    if (s.kind === 'spot' || s.kind === 'order' || s.kind === 'sort') return [s.id];
    if (s.kind === 'quiz') return drawnItems(s, drawn).map((i) => `${s.id}/${i.id}`);
    if (s.kind === 'chat') return chatKeys(lesson, s, answers);
    return [];
  });
}

/** Per-option outcome words: a safe/unsafe verdict with an icon, never colour alone. */
export function optionFeedback(text: string, correct: boolean): FeedbackView {
  return correct
    ? { text, tone: 'safe', icon: '✓', labelKey: 'player:feedback.safe' }
    : { text, tone: 'unsafe', icon: '✗', labelKey: 'player:feedback.unsafe' };
}

export function segmentFeedback(text: string, flag: boolean, marked: boolean): FeedbackView {
  if (flag) return marked
    ? { text, tone: 'found', icon: '⚑', labelKey: 'player:spot.found' }
    : { text, tone: 'missed', icon: '⚠', labelKey: 'player:spot.missed' };
  return marked
    ? { text, tone: 'wrong', icon: '✗', labelKey: 'player:spot.wrong' }
    : { text, tone: 'plain', icon: '✓', labelKey: 'player:spot.plain' };
}

/** Runs the server's checker on a stored answer; a check that throws (bad stored data) shows as unanswered. */
export function safeCheck(lesson: Lesson, key: string, answer: string[] | undefined): ItemCheck | undefined {
  return checkStored(lesson, key, answer);
}

export function buildPlayerViewModel(input: PlayerInput): PlayerViewModel {
  const { lesson, locale, attempt } = input;
  const lang = lessonLangFor(locale);
  const text = (key: string) => lessonText(lesson, lang, key);
  const steps = stepsOf(lesson);
  const found = attempt.position ? steps.findIndex((s) => s.id === attempt.position) : -1;
  const current = found >= 0 ? found : 0;
  const base = `/api/attempts/${encodeURIComponent(attempt.id)}`;
  const keys = answerKeys(lesson, attempt.drawn, attempt.answers);
  const answered = keys.filter((k) => attempt.answers[k] !== undefined);

  const stepViews = steps.map((step, i): StepView => {
    const view: StepView = {
      id: step.id, kind: step.kind, partial: `player/${step.kind}`, number: i + 1, title: text(step.title),
      hidden: i !== current, isFirst: i === 0, isLast: i === steps.length - 1,
    };
    if (step.kind === 'story') {
      view.slides = step.slides.map((s, n) => ({
        number: n + 1, domId: `slide-${step.id}-${n + 1}`, title: s.title ? text(s.title) : undefined, body: text(s.body), hidden: n !== 0,
        art: art(lesson, s.art),
      }));
      view.slideCount = step.slides.length;
    } else if (step.kind === 'spot') {
      const chosen = attempt.answers[step.id];
      const check = safeCheck(lesson, step.id, chosen);
      const sender = step.artefact.sender ? text(step.artefact.sender) : undefined;
      view.spot = {
        key: step.id, instructions: text(step.instructions), answered: !!check,
        type: step.artefact.type, typeKey: `player:artefact.${step.artefact.type}`,
        sender, senderInitial: sender ? Array.from(sender.trim())[0]?.toUpperCase() : undefined,
        meta: step.artefact.meta ? text(step.artefact.meta) : undefined,
        segments: step.artefact.segments.map((seg) => {
          const marked = !!chosen?.includes(seg.id);
          // Only a checked answer reveals which segments were warning signs.
          return { id: seg.id, text: text(seg.text), marked, feedback: check ? segmentFeedback(text(seg.feedback), seg.flag, marked) : undefined };
        }),
        result: check ? { correct: check.correct, points: check.points, maxPoints: check.maxPoints } : undefined,
      };
    } else if (step.kind === 'quiz') {
      view.items = drawnItems(step, attempt.drawn).map((item, n) => quizItemView(lesson, lang, step.id, item, n + 1, attempt.answers));
    } else if (step.kind === 'chat') {
      view.chat = chatView(lesson, step, attempt.answers, text);
    } else if (step.kind === 'order') {
      view.order = orderView(lesson, step, attempt.id, attempt.answers, text);
    } else if (step.kind === 'sort') {
      view.sort = sortView(lesson, step, attempt.answers, text);
    } else if (step.kind === 'reflection') {
      view.reflection = reflectionView(step.id, text(step.prompt));
    } else {
      view.body = step.body ? text(step.body) : undefined;
      view.adultHelp = helpAudience(step) === 'adult';
    }
    return view;
  });

  return {
    token: input.token,
    lessonTitle: text(lesson.manifest.title),
    lessonSummary: text(lesson.manifest.summary),
    lessonLang: lang,
    readAloud: manifestFlags(lesson).readAloud,
    englishFallback: lang !== locale,
    submitted: attempt.status === 'submitted' || !!input.preview,
    preview: input.preview ? { backUrl: input.preview.backUrl } : undefined,
    stepCount: steps.length,
    current: current + 1,
    steps: stepViews,
    unanswered: keys.length - answered.length,
    config: {
      attemptId: attempt.id,
      preview: input.preview ? true : undefined,
      urls: input.preview
        ? { position: '', answers: input.preview.answersUrl, submit: '' }
        // lang rides on every API call, so feedback and the result page follow the learner's switch
        : { position: `${base}/position?lang=${locale}`, answers: `${base}/answers?lang=${locale}`, submit: input.submitUrl ?? `${base}/submit?lang=${locale}` },
      steps: steps.map((s) => ({ id: s.id, kind: s.kind, slides: s.kind === 'story' ? s.slides.length : 0 })),
      start: current,
      keys,
      answered,
    },
  };
}

function quizItemView(lesson: Lesson, lang: LessonLang, stepId: string, item: QuizItem, number: number, answers: Answers): QuizItemView {
  const key = `${stepId}/${item.id}`;
  const chosen = answers[key];
  const check = safeCheck(lesson, key, chosen);
  const domId = `q-${stepId}-${item.id}`;
  return {
    key, domId, number, prompt: lessonText(lesson, lang, item.prompt), art: art(lesson, item.art),
    inputType: item.type === 'multiple' ? 'checkbox' : 'radio', multiple: item.type === 'multiple',
    answered: !!check,
    result: check ? { correct: check.correct, points: check.points, maxPoints: check.maxPoints } : undefined,
    options: item.options.map((o) => {
      const fb = check?.feedback.find((f) => f.id === o.id);
      return {
        id: o.id, inputId: `${domId}-${o.id}`,
        // True/false options have no lesson text; their labels are UI strings.
        label: o.text ? lessonText(lesson, lang, o.text) : '',
        labelKey: o.text ? undefined : `player:quiz.${o.id === 'true' ? 'true' : 'false'}`,
        chosen: !!chosen?.includes(o.id),
        feedback: fb ? optionFeedback(lessonText(lesson, lang, fb.feedbackKey), fb.correct) : undefined,
      };
    }),
  };
}

function art(lesson: Lesson, path: string | undefined): ArtView | undefined {
  const src = artUrl(lesson, path);
  return src ? { src } : undefined;
}

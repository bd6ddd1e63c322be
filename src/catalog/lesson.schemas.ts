/**
 * The lesson package format (modules/<lesson-id>/v<major>/lesson.json + locales/<locale>.json).
 * Structure is language-neutral; every learner-facing string is a key looked up in the
 * lesson's own locale files. modules/README.md documents the format for authors.
 * Objects are strict so that a misspelt field (e.g. "feedbak") fails loudly instead of
 * being dropped; cross-field rules (references, correct answers, translations) live in
 * content-validator.ts because zod cannot see the locale files.
 */
import { z } from 'zod';

export const AGE_BANDS = ['A', 'B', 'C', 'D'] as const;
export const AgeBand = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBand>;

/** A key into the lesson's locale files (e.g. "quiz.otp.prompt"). */
const TextKey = z.string().regex(/^[a-z0-9][a-zA-Z0-9_.-]*$/, 'text keys are dotted lowercase identifiers');
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase kebab-case');

const Option = z.object({
  id: Id,
  text: TextKey.optional(), // true/false options take their label from the UI
  correct: z.boolean(),
  feedback: TextKey,
}).strict();
export type Option = z.infer<typeof Option>;

const QuizItem = z.object({
  id: Id,
  type: z.enum(['single', 'multiple', 'truefalse']),
  prompt: TextKey,
  points: z.number().int().positive().default(1),
  objective: Id.optional(),
  options: z.array(Option).min(2),
}).strict();
export type QuizItem = z.infer<typeof QuizItem>;

const Slide = z.object({ title: TextKey.optional(), body: TextKey, art: z.string().optional() }).strict();
export type Slide = z.infer<typeof Slide>;

const StoryStep = z.object({ id: Id, kind: z.literal('story'), title: TextKey, slides: z.array(Slide).min(1) }).strict();

/** One piece of a spot-the-scam artefact; `flag: true` marks a warning sign the learner should find. */
const Segment = z.object({ id: Id, text: TextKey, flag: z.boolean(), feedback: TextKey }).strict();
export type Segment = z.infer<typeof Segment>;
const SpotStep = z.object({
  id: Id,
  kind: z.literal('spot'),
  title: TextKey,
  instructions: TextKey,
  points: z.number().int().positive(),
  objective: Id.optional(),
  artefact: z.object({
    type: z.enum(['sms', 'chat', 'post', 'ad', 'profile', 'email', 'popup']),
    sender: TextKey.optional(),
    meta: TextKey.optional(),
    segments: z.array(Segment).min(2),
  }).strict(),
}).strict();

const QuizStep = z.object({
  id: Id,
  kind: z.literal('quiz'),
  title: TextKey,
  /** How many items of the bank one attempt shows (all when absent). */
  draw: z.number().int().positive().optional(),
  items: z.array(QuizItem).min(1),
}).strict();

const HelpStep = z.object({ id: Id, kind: z.literal('help'), title: TextKey, body: TextKey.optional() }).strict();

export const Step = z.discriminatedUnion('kind', [StoryStep, SpotStep, QuizStep, HelpStep]);
export type Step = z.infer<typeof Step>;
export type StoryStep = z.infer<typeof StoryStep>;
export type SpotStep = z.infer<typeof SpotStep>;
export type QuizStep = z.infer<typeof QuizStep>;
export type HelpStep = z.infer<typeof HelpStep>;
export const STEP_KINDS = ['story', 'spot', 'quiz', 'help'] as const;

export const LessonManifest = z.object({
  id: z.string().regex(/^[a-d]-[1-6]-[a-z0-9-]+$/, 'lesson ids start with the curriculum code, e.g. b-3-scams-aimed-at-teens'),
  code: z.string().regex(/^[A-D]-[1-6]$/),
  version: z.number().int().positive(),
  ageBands: z.array(AgeBand).min(1),
  topics: z.array(Id).min(1),
  minutes: z.number().int().positive(),
  title: TextKey,
  summary: TextKey,
  /** Pass mark in percent of the maximum score. */
  passMark: z.number().int().min(0).max(100).default(80),
  mustPass: z.array(Id).default([]),
  objectives: z.array(z.object({ id: Id, text: TextKey }).strict()).min(1),
  steps: z.array(Step).min(1),
}).strict();
export type LessonManifest = z.infer<typeof LessonManifest>;

/** Flat map of text key → string for one locale. */
export const LessonTexts = z.record(z.string(), z.string().min(1));
export type LessonTexts = z.infer<typeof LessonTexts>;

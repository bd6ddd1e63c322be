/**
 * The lesson package format (modules/<lesson-id>/v<major>/lesson.json + locales/<locale>.json),
 * v2 of the authoring spec (stories, spot, quiz, chat, order, sort, reflection, help).
 * Structure is language-neutral; every learner-facing string is a key looked up in the
 * lesson's own locale files. modules/README.md documents the format for authors.
 * Objects are strict so that a misspelt field (e.g. "feedbak") fails loudly instead of
 * being dropped; cross-field rules (references, graphs, translations, assets) live in
 * content-rules*.ts and content-assets.ts because zod cannot see the whole package.
 */
import { z } from 'zod';

export const AGE_BANDS = ['A', 'B', 'C', 'D'] as const;
export const AgeBand = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBand>;

/** A key into the lesson's locale files (e.g. "quiz.otp.prompt"). */
const TextKey = z.string().regex(/^[a-z0-9][a-zA-Z0-9_.-]*$/, 'text keys are dotted lowercase identifiers');
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase kebab-case');
/** One folder, no sub-folders and no "..": the validator can only vouch for files it checked. */
const Art = z.string().regex(/^assets\/[a-zA-Z0-9][a-zA-Z0-9_-]*\.svg$/, 'art is a path "assets/<file>.svg" inside the version folder');
const Points = z.number().int().positive();

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
  points: Points.default(1),
  objective: Id.optional(),
  art: Art.optional(),
  options: z.array(Option).min(2),
}).strict();
export type QuizItem = z.infer<typeof QuizItem>;

const Slide = z.object({ title: TextKey.optional(), body: TextKey, art: Art.optional() }).strict();
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
  points: Points,
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
  /** How many items of the bank one attempt shows; required so that retries vary (bank ≥ 1.5 × draw). */
  draw: Points,
  items: z.array(QuizItem).min(1),
}).strict();

/** A branching chat: decision nodes (2–4 choices) lead to other nodes; nodes without choices are endings. */
const ChatMessage = z.object({ from: z.enum(['them', 'me', 'system']), text: TextKey }).strict();
export type ChatMessage = z.infer<typeof ChatMessage>;
const ChatChoice = z.object({
  id: Id,
  text: TextKey,
  points: z.number().int().min(0),
  feedback: TextKey,
  /** The node shown next; absent = the conversation ends after this choice. */
  next: Id.optional(),
}).strict();
export type ChatChoice = z.infer<typeof ChatChoice>;
const ChatNode = z.object({
  id: Id,
  messages: z.array(ChatMessage).default([]),
  choices: z.array(ChatChoice).optional(),
  outcome: z.enum(['safe', 'unsafe', 'neutral']).optional(),
}).strict();
export type ChatNode = z.infer<typeof ChatNode>;
const ChatStep = z.object({
  id: Id,
  kind: z.literal('chat'),
  title: TextKey,
  instructions: TextKey,
  app: z.enum(['zalo', 'messenger', 'sms', 'game', 'video-call', 'tiktok']),
  contact: z.object({ name: TextKey, status: TextKey.optional() }).strict(),
  objective: Id.optional(),
  points: Points,
  start: Id,
  nodes: z.array(ChatNode).min(2),
}).strict();

/** Items are listed in the correct order; the player shuffles them. */
const OrderItem = z.object({ id: Id, text: TextKey, feedback: TextKey }).strict();
export type OrderItem = z.infer<typeof OrderItem>;
const OrderStep = z.object({
  id: Id,
  kind: z.literal('order'),
  title: TextKey,
  prompt: TextKey,
  points: Points,
  objective: Id.optional(),
  items: z.array(OrderItem).min(1),
}).strict();

const SortGroup = z.object({ id: Id, label: TextKey }).strict();
export type SortGroup = z.infer<typeof SortGroup>;
const SortCard = z.object({ id: Id, text: TextKey, art: Art.optional(), group: Id, feedback: TextKey }).strict();
export type SortCard = z.infer<typeof SortCard>;
const SortStep = z.object({
  id: Id,
  kind: z.literal('sort'),
  title: TextKey,
  prompt: TextKey,
  points: Points,
  objective: Id.optional(),
  groups: z.array(SortGroup).min(1),
  cards: z.array(SortCard).min(1),
}).strict();

/** Private thinking prompt: never scored, never stored, never sent (CURRICULUM.md safeguarding). */
const ReflectionStep = z.object({ id: Id, kind: z.literal('reflection'), title: TextKey, prompt: TextKey }).strict();

/** `adult` (band D) routes to 113 / police first; 111's mandate is children. */
const HelpStep = z.object({
  id: Id,
  kind: z.literal('help'),
  title: TextKey,
  body: TextKey.optional(),
  audience: z.enum(['child', 'adult']).default('child'),
}).strict();

export const Step = z.discriminatedUnion('kind', [StoryStep, SpotStep, QuizStep, ChatStep, OrderStep, SortStep, ReflectionStep, HelpStep]);
export type Step = z.infer<typeof Step>;
export type StoryStep = z.infer<typeof StoryStep>;
export type SpotStep = z.infer<typeof SpotStep>;
export type QuizStep = z.infer<typeof QuizStep>;
export type ChatStep = z.infer<typeof ChatStep>;
export type OrderStep = z.infer<typeof OrderStep>;
export type SortStep = z.infer<typeof SortStep>;
export type ReflectionStep = z.infer<typeof ReflectionStep>;
export type HelpStep = z.infer<typeof HelpStep>;
export const STEP_KINDS = ['story', 'spot', 'quiz', 'chat', 'order', 'sort', 'reflection', 'help'] as const;
/** Step kinds scored as a whole (answer key "<stepId>", or "<stepId>/<nodeId>" for chat decisions). */
export const SCORED_STEP_KINDS = ['spot', 'chat', 'order', 'sort'] as const;

/** What the teacher page shows besides the objectives. */
const TeacherNotes = z.object({
  activity: TextKey,
  discussion: z.array(TextKey).min(2),
  disclosure: TextKey,
}).strict();
export type TeacherNotes = z.infer<typeof TeacherNotes>;

export const LessonManifest = z.object({
  id: z.string().regex(/^[a-d]-[1-6]-[a-z0-9-]+$/, 'lesson ids start with the curriculum code, e.g. b-3-scams-aimed-at-teens'),
  code: z.string().regex(/^[A-D]-[1-6]$/),
  version: z.number().int().positive(),
  ageBands: z.array(AgeBand).min(1),
  topics: z.array(Id).min(1),
  minutes: z.number().int().positive(),
  title: TextKey,
  summary: TextKey,
  /** Band A: the gradebook gets 100 on completion; the score is still shown to the learner. */
  completionOnly: z.boolean().default(false),
  /** Band A: the player offers read-aloud on every text. */
  readAloud: z.boolean().default(false),
  teacher: TeacherNotes,
  /** A short note for families: what the lesson taught, what to talk about, 111/113. */
  family: TextKey,
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

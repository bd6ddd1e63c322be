/** Public face of the lesson catalogue; other folders import only from here. */
export { LESSON_LOCALES } from './lesson.types';
export type { Catalog, Lesson, LessonLocale, LessonSummary } from './lesson.types';
export { loadCatalog, checkPackages } from './catalog';
export { lessonText } from './lesson-text';
export { CatalogError } from './errors';
export { AGE_BANDS, SCORED_STEP_KINDS, STEP_KINDS } from './lesson.schemas';
export { bestChoicePoints, chatBestRaw, chatNode, isDecision } from './chat-graph';
export type {
  AgeBand, ChatChoice, ChatMessage, ChatNode, ChatStep, HelpStep, LessonManifest, LessonTexts, Option, OrderItem, OrderStep,
  QuizItem, QuizStep, ReflectionStep, Segment, Slide, SortCard, SortGroup, SortStep, SpotStep, Step, StoryStep, TeacherNotes,
} from './lesson.schemas';

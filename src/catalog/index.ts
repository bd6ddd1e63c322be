/** Public face of the lesson catalogue; other folders import only from here. */
export { LESSON_LOCALES } from './lesson.types';
export type { Catalog, Lesson, LessonLocale, LessonSummary } from './lesson.types';
export { loadCatalog, checkPackages } from './catalog';
export { lessonText } from './lesson-text';
export { CatalogError } from './errors';
export { AGE_BANDS, STEP_KINDS } from './lesson.schemas';
export type { AgeBand, HelpStep, LessonManifest, LessonTexts, Option, QuizItem, QuizStep, Segment, Slide, SpotStep, Step, StoryStep } from './lesson.schemas';

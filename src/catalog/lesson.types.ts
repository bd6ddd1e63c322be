/** The in-memory shapes the catalogue hands out once a package has been validated. */
import type { AgeBand, LessonManifest, LessonTexts } from './lesson.schemas';

/** Every lesson ships in both; Vietnamese is the primary language, English the fallback. */
export const LESSON_LOCALES = ['vi', 'en'] as const;
export type LessonLocale = (typeof LESSON_LOCALES)[number];

export interface Lesson {
  manifest: LessonManifest;
  texts: Record<LessonLocale, LessonTexts>;
  /** Absolute path of the version folder (modules/<id>/v<major>), for art and other assets. */
  dir: string;
}

export interface LessonSummary {
  id: string;
  version: number;
  code: string;
  title: { en: string; vi: string };
  summary: { en: string; vi: string };
  ageBands: AgeBand[];
  topics: string[];
  minutes: number;
}

export interface Catalog {
  /** Latest version of each lesson, sorted by curriculum code. */
  list(): LessonSummary[];
  latest(id: string): Lesson | undefined;
  get(id: string, version: number): Lesson | undefined;
  /** Number of lessons (not versions). */
  size: number;
}

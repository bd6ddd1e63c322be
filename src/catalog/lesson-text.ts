/** Looking up a lesson's learner-facing text in the learner's language. */
import { LESSON_LOCALES, type Lesson, type LessonLocale } from './lesson.types';

/**
 * Text for `key` in `locale`. Region tags are reduced to the language ("vi-VN" → vi); any
 * other language falls back to English, the lingua franca of the UI's extra locales (fr, id).
 * A key the package lacks comes back as itself, the i18next convention, so a bad key shows
 * up on screen instead of crashing a lesson mid-attempt (validated packages have every key).
 */
export function lessonText(lesson: Lesson, locale: string, key: string): string {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  const chosen: LessonLocale = (LESSON_LOCALES as readonly string[]).includes(lang) ? (lang as LessonLocale) : 'en';
  return lesson.texts[chosen][key] ?? lesson.texts.en[key] ?? key;
}

/** Locale-aware formatting shared by the teacher pages and their CSV exports (Intl, no hand-made formats). */
import type { TFunction } from 'i18next';
import type { Lesson } from '../catalog';
import { lessonText } from '../catalog';
import type { ClassRoster } from './teacher-roster';

/**
 * LTI launches carry no time zone, and First Shield serves Vietnamese schools: times are shown in
 * Vietnam's time (UTC+7), not the server's (often UTC in a container).
 */
export const DISPLAY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function formatters(locale: string, t: TFunction, timeZone = DISPLAY_TIME_ZONE) {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    dateTime: (d: Date | null) => (d ? date.format(d) : null),
    /** A due date is a calendar day (stored YYYY-MM-DD), shown without shifting time zones. */
    day: (iso: string | null) => (iso ? day.format(new Date(`${iso}T00:00:00Z`)) : null),
    percent: (p: number | null) => (p === null ? null : pct.format(p / 100)),
    minutes: (seconds: number) => t('teacher:minutes', { count: Math.round(seconds / 60), n: num.format(Math.round(seconds / 60)) }),
  };
}

/** Names only as the LMS sent them; otherwise a pseudonym numbered in list order. */
export function displayNames(rows: Array<{ name: string | null }>, t: TFunction): string[] {
  let n = 0;
  return rows.map((r) => r.name ?? t('teacher:student.anonymous', { n: ++n }));
}

export function lessonTitle(lesson: Lesson, locale: string) {
  return lessonText(lesson, locale, lesson.manifest.title);
}

/** The short notice shown when the class list could not come from the LMS. */
export function rosterNotice(roster: ClassRoster, t: TFunction): string | null {
  if (roster.state === 'none') return t('teacher:nrps.none');
  if (roster.state === 'failed') return t('teacher:nrps.failed');
  return null;
}

export function withToken(path: string, token: string, locale: string, extra = ''): string {
  return `${path}?s=${encodeURIComponent(token)}&lang=${locale}${extra}`;
}

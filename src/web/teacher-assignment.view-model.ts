/**
 * The assignment view's model (HTML and CSV): roster rows, per-question results with the
 * class's most common mistake in the teacher's language, objective counts and the settings
 * form. Templates get ready-made strings only.
 */
import type { TFunction } from 'i18next';
import { lessonText, type Lesson } from '../catalog';
import type { Assignment } from '../learning';
import { questionStats, type RosterRow } from '../reports';
import type { CsvValue } from './csv';
import { displayNames, formatters, lessonTitle, withToken } from './teacher-format';

export interface AssignmentViewInput {
  assignment: Assignment; lesson: Lesson; rows: RosterRow[]; locale: string; t: TFunction; token: string;
  settings: { passMark: number; maxAttempts: number | null; gradingPolicy: 'best' | 'last' | 'first'; completionOnly: boolean; dueAt: string | null };
  notice: string | null; saved: boolean;
}

export function assignmentCsv(input: Pick<AssignmentViewInput, 'rows' | 'locale' | 't'>): { header: CsvValue[]; rows: CsvValue[][] } {
  const { rows, t } = input;
  const f = formatters(input.locale, t);
  const names = displayNames(rows, t);
  return {
    header: ['student', 'status', 'score', 'attempts', 'minutes', 'last', 'sync', 'syncError'].map((k) => t(`teacher:csv.${k}`)),
    rows: rows.map((r, i) => [
      names[i], t(`teacher:status.${r.status}`), r.percent, r.attempts, Math.round(r.timeOnTaskSeconds / 60),
      f.dateTime(r.lastActivityAt), r.sync ? t(`teacher:sync.${r.sync.status}`) : null, r.sync?.error ?? null,
    ]),
  };
}

export function assignmentView(input: AssignmentViewInput) {
  const { assignment, lesson, rows, locale, t, token, settings } = input;
  const f = formatters(locale, t);
  const text = (key: string) => lessonText(lesson, locale, key);
  const names = displayNames(rows, t);
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const base = `/teach/assignments/${assignment.id}`;
  const stats = questionStats(lesson, rows.flatMap((r) => (r.graded ? [{ result: r.graded.result, answers: r.graded.answers }] : [])));
  const bandA = lesson.manifest.ageBands.includes('A');
  return {
    lessonTitle: lessonTitle(lesson, locale),
    lessonCode: lesson.manifest.code,
    lessonVersion: lesson.manifest.version,
    settingsLine: t('teacher:settings', { passMark: settings.passMark, policy: t(`teacher:policy.${settings.gradingPolicy}`) }),
    dueLine: settings.dueAt ? t('teacher:due', { date: f.day(settings.dueAt) }) : null,
    hasLineItem: !!assignment.lineItemUrl,
    notice: input.notice,
    saved: input.saved,
    token, locale,
    links: {
      course: withToken('/teach/course', token, locale),
      guide: withToken(`${base}/guide`, token, locale),
      family: withToken(`${base}/family`, token, locale),
      csv: withToken(`${base}/export.csv`, token, locale),
    },
    resendAction: `${base}/resend?lang=${locale}`,
    settingsAction: `${base}/settings?lang=${locale}`,
    summary: { total: rows.length, notStarted: count('not_started'), inProgress: count('in_progress'), passed: count('passed'), notPassed: count('not_passed') },
    students: rows.map((r, i) => ({
      userId: r.userId,
      name: names[i],
      status: r.status,
      statusLabel: t(`teacher:status.${r.status}`),
      score: f.percent(r.percent),
      attempts: r.attempts,
      minutes: f.minutes(r.timeOnTaskSeconds),
      lastActivity: f.dateTime(r.lastActivityAt),
      sync: r.sync ? { status: r.sync.status, label: t(`teacher:sync.${r.sync.status}`), error: r.sync.error } : null,
      canResend: !!r.userId && (r.status === 'passed' || r.status === 'not_passed'),
    })),
    canResendAll: rows.some((r) => r.status === 'passed' || r.status === 'not_passed'),
    questions: stats.questions.filter((q) => q.answered > 0).map((q) => ({
      key: q.key,
      kindLabel: t(`teacher:kind.${q.kind}`),
      text: text(q.textKey),
      percentCorrect: f.percent(q.percentCorrect),
      ofStudents: t('teacher:questions.of', { correct: q.correct, count: q.answered }),
      mistake: q.mistake ? {
        label: t(`teacher:mistake.${q.mistake.kind}`),
        // true/false options carry no text of their own: the player labels them from the UI strings
        text: q.mistake.textKey ? text(q.mistake.textKey) : t(`player:quiz.${q.mistake.id === 'true' ? 'true' : 'false'}`),
        feedback: text(q.mistake.feedbackKey),
        count: t('teacher:mistake.count', { count: q.mistake.count }),
      } : null,
    })),
    objectives: stats.objectives.map((o) => ({ text: text(o.textKey), secure: o.secure, developing: o.developing, misconception: o.misconception })),
    form: {
      passMark: settings.passMark,
      maxAttempts: settings.maxAttempts ?? '',
      policies: (['best', 'last', 'first'] as const).map((p) => ({ value: p, label: t(`teacher:form.policy.${p}`), selected: p === settings.gradingPolicy })),
      completionOnlyOffered: bandA,
      completionOnly: settings.completionOnly,
      dueAt: settings.dueAt ?? '',
    },
  };
}

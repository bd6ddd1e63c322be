/**
 * Teacher pages besides the assignment view: the course view (every assignment of the
 * session's class × every student, HTML and CSV), and the printable teacher guide and family
 * note of an assignment's lesson, in the teacher's language.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import { lessonText, type Lesson } from '../catalog';
import { effectiveSettings, type Assignment } from '../learning';
import { contextAssignments, courseGrid } from '../reports';
import { sendCsv, toCsv } from './csv';
import { requestLocale, switcherUrl } from './locale';
import type { TeacherRouteDeps } from './teacher.routes';
import { displayNames, formatters, lessonTitle, rosterNotice, withToken } from './teacher-format';
import type { ClassRosterSource } from './teacher-roster';

export interface TeacherPageDeps extends TeacherRouteDeps {
  instructor: RequestHandler;
  classRoster: ClassRosterSource;
  ownAssignment: (req: Request, res: Response) => Promise<Assignment>;
}

export function teacherPageRoutes(deps: TeacherPageDeps) {
  const router = express.Router();

  async function course(req: Request, res: Response) {
    const session = res.locals.session!;
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const f = formatters(locale, t);
    // The session's own class and deployment only: the LMS said this user teaches there.
    const list = (await contextAssignments(deps.db, session.ctx, session.dep))
      .map((a) => ({ a, lesson: deps.learning.lessonOf(a) }));
    const roster = await deps.classRoster.forContext(session.ctx);
    const grid = await courseGrid(deps.db, session.ctx, list.map(({ a, lesson }) => ({ id: a.id, settings: effectiveSettings(a, lesson) })),
      roster.state === 'ok' ? roster.members : undefined);
    const names = displayNames(grid.students, t);
    const token = res.locals.token!;
    const lessons = list.map(({ a, lesson }, i) => ({
      code: lesson.manifest.code, title: lessonTitle(lesson, locale), url: withToken(`/teach/assignments/${a.id}`, token, locale),
      completion: t('teacher:course.completion', { done: grid.columns[i]!.submitted, total: grid.students.length }),
      passed: t('teacher:course.passed', { count: grid.columns[i]!.passed }),
      average: f.percent(grid.columns[i]!.averagePercent),
    }));
    const cell = (c: (typeof grid.students)[number]['cells'][number]) => ({ status: c.status, label: t(`teacher:status.${c.status}`), score: f.percent(c.percent) });
    return { locale, t, token, roster, lessons, names, grid, cell };
  }

  router.get('/teach/course', deps.instructor, async (req, res) => {
    const c = await course(req, res);
    if (req.query.format === 'csv') return sendCourseCsv(res, c);
    res.type('html').send(deps.views.render('pages/course', {
      notice: rosterNotice(c.roster, c.t),
      csvUrl: withToken('/teach/course/export.csv', c.token, c.locale),
      lessons: c.lessons,
      students: c.grid.students.map((s, i) => ({ name: c.names[i], cells: s.cells.map(c.cell) })),
    }, { locale: c.locale, title: c.t('teacher:course.title'), switcherUrl: switcherUrl(req) }));
  });

  router.get('/teach/course/export.csv', deps.instructor, async (req, res) => sendCourseCsv(res, await course(req, res)));

  function sendCourseCsv(res: Response, c: Awaited<ReturnType<typeof course>>) {
    const header = [c.t('teacher:csv.student'), ...c.lessons.flatMap((l) => [`${l.code} ${l.title} – ${c.t('teacher:csv.status')}`, `${l.code} ${l.title} – ${c.t('teacher:csv.score')}`])];
    const rows = c.grid.students.map((s, i) => [c.names[i], ...s.cells.flatMap((cell) => [c.t(`teacher:status.${cell.status}`), cell.percent])]);
    sendCsv(res, 'course.csv', toCsv(header, rows));
  }

  async function lessonPage(req: Request, res: Response): Promise<{ lesson: Lesson; locale: ReturnType<typeof requestLocale>; back: string; text: (k: string) => string }> {
    const assignment = await deps.ownAssignment(req, res);
    const locale = requestLocale(req, res);
    const lesson = deps.learning.lessonOf(assignment);
    return { lesson, locale, back: withToken(`/teach/assignments/${assignment.id}`, res.locals.token!, locale), text: (k) => lessonText(lesson, locale, k) };
  }

  router.get('/teach/assignments/:id/guide', deps.instructor, async (req, res) => {
    const { lesson, locale, back, text } = await lessonPage(req, res);
    const t = deps.i18n.getFixedT(locale);
    const m = lesson.manifest;
    res.type('html').send(deps.views.render('pages/lesson-guide', {
      back, code: m.code, title: text(m.title), summary: text(m.summary),
      meta: t('teacher:guide.meta', { minutes: m.minutes, bands: m.ageBands.join(', ') }),
      objectives: m.objectives.map((o) => text(o.text)),
      activity: text(m.teacher.activity),
      discussion: m.teacher.discussion.map(text),
      disclosure: text(m.teacher.disclosure),
      adult: m.ageBands.every((b) => b === 'D'),
    }, { locale, title: t('teacher:guide.title'), switcherUrl: switcherUrl(req) }));
  });

  router.get('/teach/assignments/:id/family', deps.instructor, async (req, res) => {
    const { lesson, locale, back, text } = await lessonPage(req, res);
    const t = deps.i18n.getFixedT(locale);
    const m = lesson.manifest;
    res.type('html').send(deps.views.render('pages/family-note', {
      back, code: m.code, title: text(m.title), summary: text(m.summary), note: text(m.family),
      adult: m.ageBands.every((b) => b === 'D'),
    }, { locale, title: t('teacher:family.title'), switcherUrl: switcherUrl(req) }));
  });

  return router;
}

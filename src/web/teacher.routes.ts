/** The teacher's assignment view and grade re-send. Access: instructor of that class only. */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { lessonText } from '../catalog';
import type { Db } from '../db';
import type { GradeSyncRepository, GradeWorker } from '../grades';
import type { I18n } from '../i18n';
import { effectiveSettings, LearningError, type Learning } from '../learning';
import type { SessionTokens } from '../lti';
import { assignmentRoster } from '../reports';
import { assertTeaches, requireSession } from './session-guard';
import { requestLocale, switcherUrl } from './locale';
import type { ViewRenderer } from './views';
import { parse } from './validate';

export interface TeacherRouteDeps {
  db: Db; learning: Learning; grades: GradeSyncRepository; sessions: SessionTokens; views: ViewRenderer; i18n: I18n;
  worker?: Pick<GradeWorker, 'kick'>;
}

const ResendBody = z.object({ s: z.string(), userId: z.uuid().optional() });

function minutes(seconds: number): number {
  return Math.round(seconds / 60);
}

export function teacherRoutes(deps: TeacherRouteDeps) {
  const router = express.Router();
  const instructor = requireSession(deps.sessions, 'instructor');
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  async function ownAssignment(req: Request, res: Response) {
    const id = z.uuid().safeParse(req.params.id);
    const assignment = id.success ? await deps.learning.assignments.byId(id.data) : undefined;
    if (!assignment) throw new LearningError('attempt_not_found', 404, 'no such assignment');
    assertTeaches(res.locals.session!, assignment);
    return assignment;
  }

  router.get('/teach/assignments/:id', instructor, async (req, res) => {
    const assignment = await ownAssignment(req, res);
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const lesson = deps.learning.lessonOf(assignment);
    const settings = effectiveSettings(assignment, lesson);
    const rows = await assignmentRoster(deps.db, deps.grades, assignment, settings.gradingPolicy);
    const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    const token = res.locals.token!;
    res.type('html').send(deps.views.render('pages/teacher-assignment', {
      lessonTitle: lessonText(lesson, locale, lesson.manifest.title),
      lessonCode: lesson.manifest.code,
      lessonVersion: lesson.manifest.version,
      passMark: settings.passMark,
      policy: t(`teacher:policy.${settings.gradingPolicy}`),
      hasLineItem: !!assignment.lineItemUrl,
      token, locale,
      resendAction: `/teach/assignments/${assignment.id}/resend?lang=${locale}`,
      summary: { total: rows.length, notStarted: count('not_started'), inProgress: count('in_progress'), passed: count('passed'), notPassed: count('not_passed') },
      students: rows.map((r, i) => ({
        userId: r.userId,
        name: r.name ?? t('teacher:student.anonymous', { n: i + 1 }),
        status: r.status,
        statusLabel: t(`teacher:status.${r.status}`),
        percent: r.percent,
        attempts: r.attempts,
        minutes: minutes(r.timeOnTaskSeconds),
        lastActivity: r.lastActivityAt ? fmt.format(r.lastActivityAt) : null,
        sync: r.sync ? { status: r.sync.status, label: t(`teacher:sync.${r.sync.status}`), error: r.sync.error } : null,
        canResend: r.status === 'passed' || r.status === 'not_passed',
      })),
    }, { locale, title: t('teacher:title'), switcherUrl: switcherUrl(req) }));
  });

  router.post('/teach/assignments/:id/resend', form, instructor, async (req, res) => {
    const assignment = await ownAssignment(req, res);
    const body = parse(ResendBody, req.body);
    let userIds: string[];
    if (body.userId) userIds = [body.userId];
    else {
      const rows = await assignmentRoster(deps.db, deps.grades, assignment, effectiveSettings(assignment, deps.learning.lessonOf(assignment)).gradingPolicy);
      userIds = rows.filter((r) => r.status === 'passed' || r.status === 'not_passed').map((r) => r.userId);
    }
    await deps.learning.resend(assignment, userIds);
    deps.worker?.kick();
    res.redirect(303, `/teach/assignments/${assignment.id}?s=${encodeURIComponent(res.locals.token!)}&lang=${requestLocale(req, res)}`);
  });

  return router;
}

/**
 * The teacher's assignment view (HTML, CSV), grade re-send and assignment settings; the course
 * view, teacher guide and family note come from teacher-pages.routes.ts. Access: an instructor
 * session of that class only (session-guard decides). Forms carry the session token as `s`:
 * it is the CSRF protection, as a cross-site attacker cannot know it.
 */
import express, { type Request, type Response } from 'express';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { attempts, type Db } from '../db';
import type { GradeSyncRepository, GradeWorker } from '../grades';
import type { I18n } from '../i18n';
import { effectiveSettings, LearningError, type Learning } from '../learning';
import type { PlatformRepository, ServicesClient, SessionTokens } from '../lti';
import { assignmentRoster } from '../reports';
import { sendCsv, toCsv } from './csv';
import { assertTeaches, requireSession } from './session-guard';
import { requestLocale, switcherUrl } from './locale';
import type { ViewRenderer } from './views';
import { parse } from './validate';
import { assignmentCsv, assignmentView } from './teacher-assignment.view-model';
import { rosterNotice, withToken } from './teacher-format';
import { teacherPageRoutes } from './teacher-pages.routes';
import { createClassRoster, type ClassRosterSource } from './teacher-roster';
import { parseSettings } from './teacher-settings';

export interface TeacherRouteDeps {
  db: Db; learning: Learning; grades: GradeSyncRepository; sessions: SessionTokens; views: ViewRenderer; i18n: I18n;
  worker?: Pick<GradeWorker, 'kick'>;
  /** For the class list (NRPS); without them the views work from launches alone. */
  platforms?: Pick<PlatformRepository, 'deploymentById' | 'byId'>;
  services?: Pick<ServicesClient, 'members'>;
  roster?: ClassRosterSource;
}

const ResendBody = z.object({ s: z.string(), userId: z.uuid().optional() });

export function teacherRoutes(deps: TeacherRouteDeps) {
  const router = express.Router();
  const instructor = requireSession(deps.sessions, 'instructor');
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const classRoster: ClassRosterSource = deps.roster ?? (deps.platforms && deps.services
    ? createClassRoster({ db: deps.db, platforms: deps.platforms, services: deps.services })
    : { forContext: async () => ({ state: 'none' as const }), forget: () => undefined });

  async function ownAssignment(req: Request, res: Response) {
    const id = z.uuid().safeParse(req.params.id);
    const assignment = id.success ? await deps.learning.assignments.byId(id.data) : undefined;
    if (!assignment) throw new LearningError('attempt_not_found', 404, 'no such assignment');
    assertTeaches(res.locals.session!, assignment);
    return assignment;
  }

  async function load(req: Request, res: Response) {
    const assignment = await ownAssignment(req, res);
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const lesson = deps.learning.lessonOf(assignment);
    const settings = effectiveSettings(assignment, lesson);
    const roster = await classRoster.forContext(assignment.contextId);
    const rows = await assignmentRoster(deps.db, deps.grades, assignment, settings, roster.state === 'ok' ? roster.members : undefined);
    return { assignment, locale, t, lesson, settings, roster, rows };
  }

  async function exportCsv(req: Request, res: Response) {
    const { assignment, locale, t, rows } = await load(req, res);
    const csv = assignmentCsv({ rows, locale, t });
    sendCsv(res, `${assignment.title ?? assignment.lessonId}.csv`, toCsv(csv.header, csv.rows));
  }

  router.get('/teach/assignments/:id/export.csv', instructor, exportCsv);

  router.get('/teach/assignments/:id', instructor, async (req, res) => {
    if (req.query.format === 'csv') return exportCsv(req, res);
    const { assignment, locale, t, lesson, settings, roster, rows } = await load(req, res);
    const model = assignmentView({
      assignment, lesson, rows, locale, t, token: res.locals.token!, settings,
      notice: rosterNotice(roster, t), saved: req.query.saved === '1',
    });
    res.type('html').send(deps.views.render('pages/teacher-assignment', model, { locale, title: t('teacher:title'), switcherUrl: switcherUrl(req) }));
  });

  router.post('/teach/assignments/:id/resend', form, instructor, async (req, res) => {
    const { assignment, rows } = await load(req, res);
    const body = parse(ResendBody, req.body);
    const submitted = rows.filter((r) => r.userId && (r.status === 'passed' || r.status === 'not_passed')).map((r) => r.userId!);
    // Only students of this class with a counted attempt: a forged userId cannot queue anything else.
    const userIds = body.userId ? submitted.filter((id) => id === body.userId) : submitted;
    await deps.learning.resend(assignment, userIds);
    deps.worker?.kick();
    res.redirect(303, withToken(`/teach/assignments/${assignment.id}`, res.locals.token!, requestLocale(req, res)));
  });

  router.post('/teach/assignments/:id/settings', form, instructor, async (req, res) => {
    const assignment = await ownAssignment(req, res);
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const lesson = deps.learning.lessonOf(assignment);
    const parsed = parseSettings(req.body, { completionOnlyAllowed: lesson.manifest.ageBands.includes('A') });
    const back = withToken(`/teach/assignments/${assignment.id}`, res.locals.token!, locale);
    if (!parsed.ok) {
      res.status(400).type('html').send(deps.views.render('pages/teacher-settings-error', {
        fields: parsed.fields.map((f) => ({ label: t(`teacher:form.${f}.label`), hint: t(`teacher:form.${f}.rule`) })),
        back,
      }, { locale, title: t('teacher:form.error.title') }));
      return;
    }
    const before = effectiveSettings(assignment, lesson);
    const updated = { ...assignment, settings: parsed.settings };
    const after = effectiveSettings(updated, lesson);
    await deps.learning.assignments.updateSettings(assignment.id, parsed.settings);
    // The gradebook must follow a new policy, pass mark or completion rule: queue the grade
    // again for everyone who has submitted.
    if (before.gradingPolicy !== after.gradingPolicy || before.passMark !== after.passMark || before.completionOnly !== after.completionOnly) {
      const done = await deps.db.selectDistinct({ userId: attempts.userId }).from(attempts)
        .where(and(eq(attempts.assignmentId, assignment.id), eq(attempts.status, 'submitted')));
      await deps.learning.resend(updated, done.map((d) => d.userId));
      deps.worker?.kick();
    }
    res.redirect(303, `${back}&saved=1`);
  });

  router.use(teacherPageRoutes({ ...deps, instructor, classRoster, ownAssignment }));
  return router;
}

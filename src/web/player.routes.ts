/**
 * The student's pages (player, result, new attempt) and the player's JSON API
 * (docs/api.md). Routes parse input, call a learning use-case, and render a view model.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { I18n } from '../i18n';
import { lessonText } from '../catalog';
import type { SessionTokens } from '../lti';
import type { GradeSyncRepository, GradeWorker } from '../grades';
import { LearningError, effectiveSettings, type Attempt, type Learning } from '../learning';
import { requireSession } from './session-guard';
import { parse } from './validate';
import type { Db } from '../db';
import { isScormLesson, renderScormPlayer, type ScormLessons } from './scorm-integration';
import { requestLocale, switcherUrl } from './locale';
import type { ViewRenderer } from './views';
import { buildPlayerViewModel } from './player.view-model';
import { buildResultViewModel } from './result.view-model';

export interface PlayerRouteDeps {
  learning: Learning; sessions: SessionTokens; views: ViewRenderer; i18n: I18n;
  grades: GradeSyncRepository; worker?: Pick<GradeWorker, 'kick'>;
  /** SCORM attempts are played by the SCORM player (scorm-again) instead of the lesson player. */
  scorm?: { db: Db; scorm: ScormLessons };
}

const AnswerBody = z.object({ key: z.string().min(1).max(200), answer: z.array(z.string().min(1).max(100)).max(50) }).strict();
const PositionBody = z.object({ stepId: z.string().min(1).max(100) }).strict();
const IdParam = z.uuid();

export function playerRoutes(deps: PlayerRouteDeps) {
  const router = express.Router();
  const learner = requireSession(deps.sessions, 'learner');
  const json = express.json({ limit: '16kb' });
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  /** The attempt named in the URL, if it belongs to the session's user and assignment. */
  async function sessionAttempt(req: Request, res: Response): Promise<Attempt> {
    const id = parse(IdParam, req.params.id);
    const attempt = await deps.learning.ownAttempt(id, res.locals.session!.uid);
    if (attempt.assignmentId !== res.locals.session!.asg) throw new LearningError('attempt_not_found', 404);
    return attempt;
  }
  const q = (res: Response, locale: string) => `s=${encodeURIComponent(res.locals.token!)}&lang=${locale}`;

  router.get('/play/:id', learner, async (req, res) => {
    const attempt = await sessionAttempt(req, res);
    const locale = requestLocale(req, res);
    if (deps.scorm && isScormLesson(attempt.lessonId)) return renderScormPlayer({ ...deps.scorm, views: deps.views, i18n: deps.i18n }, req, res, attempt);
    if (attempt.status === 'submitted') return res.redirect(303, `/attempts/${attempt.id}/result?${q(res, locale)}`);
    const lesson = deps.learning.lessonOf(attempt);
    const assignment = (await deps.learning.assignments.byId(attempt.assignmentId))!;
    const { dueAt } = effectiveSettings(assignment, lesson);
    const dueText = dueAt && !Number.isNaN(Date.parse(dueAt))
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(dueAt)) : undefined;
    const model = buildPlayerViewModel({
      lesson, locale, token: res.locals.token!,
      attempt: { id: attempt.id, drawn: attempt.drawn, answers: attempt.answers, position: attempt.position, status: attempt.status },
    });
    res.type('html').send(deps.views.render('pages/player', { ...model, dueText, adultAudience: lesson.manifest.ageBands.includes('D') }, {
      locale, title: lessonText(lesson, locale, lesson.manifest.title), switcherUrl: switcherUrl(req),
    }));
  });

  router.get('/attempts/:id/result', learner, async (req, res) => {
    const attempt = await sessionAttempt(req, res);
    const locale = requestLocale(req, res);
    if (attempt.status !== 'submitted' || isScormLesson(attempt.lessonId)) return res.redirect(303, `/play/${attempt.id}?${q(res, locale)}`);
    const assignment = (await deps.learning.assignments.byId(attempt.assignmentId))!;
    const lesson = deps.learning.lessonOf(attempt);
    const all = await deps.learning.attempts.forUser(assignment.id, attempt.userId);
    const { maxAttempts } = effectiveSettings(assignment, lesson);
    const sync = await deps.grades.latestFor(assignment.id, attempt.userId);
    const model = buildResultViewModel({
      lesson, locale, score: deps.learning.score(attempt, assignment), attemptNumber: attempt.attemptNumber,
      canRetry: !maxAttempts || all.length < maxAttempts, retryAction: `/attempts/new?lang=${locale}`, token: res.locals.token!,
      gradeSync: sync?.status,
    });
    res.type('html').send(deps.views.render('pages/result', model, {
      locale, title: lessonText(lesson, locale, lesson.manifest.title), switcherUrl: switcherUrl(req),
    }));
  });

  router.post('/attempts/new', form, learner, async (req, res) => {
    const s = res.locals.session!;
    const assignment = await deps.learning.assignments.byId(s.asg ?? '');
    if (!assignment) throw new LearningError('attempt_not_found', 404);
    const attempt = await deps.learning.newAttempt(assignment, s.uid);
    res.redirect(303, `/play/${attempt.id}?${q(res, requestLocale(req, res))}`);
  });

  router.put('/api/attempts/:id/position', json, learner, async (req, res) => {
    const attempt = await sessionAttempt(req, res);
    await deps.learning.position(attempt.id, attempt.userId, parse(PositionBody, req.body).stepId);
    res.status(204).end();
  });

  router.post('/api/attempts/:id/answers', json, learner, async (req, res) => {
    const attempt = await sessionAttempt(req, res);
    const body = parse(AnswerBody, req.body);
    const check = await deps.learning.answer(attempt.id, attempt.userId, body.key, body.answer);
    const lesson = deps.learning.lessonOf(attempt);
    const locale = requestLocale(req, res);
    res.json({
      key: check.key, correct: check.correct, points: check.points, maxPoints: check.maxPoints,
      ...(check.next !== undefined ? { next: check.next } : {}),
      feedback: check.feedback.map((f) => ({ id: f.id, text: lessonText(lesson, locale, f.feedbackKey), correct: f.correct, chosen: f.chosen })),
    });
  });

  router.post('/api/attempts/:id/submit', json, learner, async (req, res) => {
    const attempt = await sessionAttempt(req, res);
    const { score } = await deps.learning.submit(attempt.id, attempt.userId);
    deps.worker?.kick();
    res.json({ resultUrl: `/attempts/${attempt.id}/result?${q(res, requestLocale(req, res))}`, percent: score.percent, passed: score.passed });
  });

  return router;
}

/** The school administrator's overview for the deployment they launched from. */
import express from 'express';
import type { Catalog } from '../catalog';
import { lessonText } from '../catalog';
import type { Db } from '../db';
import type { I18n } from '../i18n';
import type { SessionTokens } from '../lti';
import { schoolOverview } from '../reports';
import { requireSession } from './session-guard';
import { requestLocale, switcherUrl } from './locale';
import type { ViewRenderer } from './views';

export function schoolRoutes(deps: { db: Db; sessions: SessionTokens; views: ViewRenderer; i18n: I18n; catalog: Catalog }) {
  const router = express.Router();
  router.get('/school', requireSession(deps.sessions, 'admin'), async (req, res) => {
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const classes = await schoolOverview(deps.db, res.locals.session!.dep);
    const pct = (n: number, d: number) => (d ? Math.round((100 * n) / d) : 0);
    res.type('html').send(deps.views.render('pages/school', {
      classes: classes.map((c) => ({
        name: c.title ?? c.label ?? t('school:unnamedClass'),
        learners: c.learners,
        noAssignments: c.assignments.length === 0,
        assignments: c.assignments.map((a) => {
          const lesson = deps.catalog.latest(a.lessonId);
          return {
            title: lesson ? lessonText(lesson, locale, lesson.manifest.title) : (a.title ?? a.lessonId),
            started: a.started, submitted: a.submitted, passed: a.passed,
            completion: pct(a.submitted, c.learners), passRate: pct(a.passed, c.learners),
            average: a.averagePercent,
          };
        }),
      })),
    }, { locale, title: t('school:title'), switcherUrl: switcherUrl(req) }));
  });
  return router;
}

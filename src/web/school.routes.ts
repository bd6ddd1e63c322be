/**
 * The school report for an administrator of one deployment (issue 5): overview, class and
 * assignment drill-downs, each with a CSV export. The deployment always comes from the session
 * (`dep`), never from the URL; ids in the URL are looked up together with it, so another
 * school's class answers 404 exactly like a missing one. Queries go to `reportDb` (a read
 * replica when one is configured), defaulting to the main database.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { Catalog } from '../catalog';
import { lessonText } from '../catalog';
import type { Db } from '../db';
import { notFound } from '../errors';
import type { I18n } from '../i18n';
import type { SessionTokens } from '../lti';
import { schoolAssignment, schoolClass, schoolOverview, schoolTrend, type ReportFilters } from '../reports';
import { contentDisposition, toCsv } from '../reports/school-report-csv';
import { formatters, type ReportTable } from '../reports/school-report-format';
import { assignmentModel, bandsTable, classesTable, classModel, classTable, lessonsTable, overviewModel, trendTable, type ViewContext } from '../reports/school-report-view';
import { requireSession } from './session-guard';
import { requestLocale, switcherUrl } from './locale';
import { parse } from './validate';
import type { ViewRenderer } from './views';

export interface SchoolRouteDeps { db: Db; reportDb?: Db; sessions: SessionTokens; views: ViewRenderer; i18n: I18n; catalog: Catalog }

// An empty form field means "no filter".
const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));
const querySchema = z.object({
  from: opt(day), to: opt(day),
  band: opt(z.enum(['A', 'B', 'C', 'D'])),
  lesson: opt(z.string().max(120).regex(/^[a-z0-9-]+$/)),
  class: opt(z.uuid()),
  grain: opt(z.enum(['week', 'month'])),
  table: opt(z.enum(['classes', 'lessons', 'bands', 'trend'])),
}).loose();

const FILTER_KEYS = ['from', 'to', 'band', 'lesson', 'class', 'grain'] as const;

export function schoolRoutes(deps: SchoolRouteDeps) {
  const router = express.Router();
  const reportDb = deps.reportDb ?? deps.db;
  const guard = requireSession(deps.sessions, 'admin');

  function context(req: Request, res: Response) {
    const q = parse(querySchema, req.query);
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const filters: ReportFilters = { from: q.from, to: q.to, band: q.band, lesson: q.lesson, classId: q.class };
    const keep: Record<string, string | undefined> = { s: res.locals.token, lang: typeof req.query.lang === 'string' ? locale : undefined };
    for (const k of FILTER_KEYS) keep[k] = q[k];
    const v: ViewContext = {
      t: (key, params) => t(key, params ?? {}), fm: formatters(locale), filters, grain: q.grain ?? 'month',
      lessonTitle: (id) => {
        const lesson = deps.catalog.latest(id);
        return lesson ? lessonText(lesson, locale, lesson.manifest.title) : id;
      },
      link: (path, extra = {}) => {
        const params = new URLSearchParams();
        for (const [k, val] of Object.entries({ ...keep, ...extra })) if (val) params.set(k, val);
        return `${path}?${params.toString()}`;
      },
    };
    return { q, locale, t, v, dep: res.locals.session!.dep };
  }

  function render(req: Request, res: Response, page: string, title: string, model: object, locale: ReturnType<typeof requestLocale>) {
    res.type('html').send(deps.views.render(page, model, { locale, title, switcherUrl: switcherUrl(req), sessionToken: res.locals.token }));
  }

  function sendCsv(res: Response, name: string, table: ReportTable) {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(`${name}-${new Date().toISOString().slice(0, 10)}.csv`));
    res.setHeader('Cache-Control', 'no-store');
    res.send(toCsv(table.csvHead, table.csvRows));
  }

  router.get('/school', guard, async (req, res) => {
    const { locale, t, v, dep } = context(req, res);
    const [overview, trend] = await Promise.all([schoolOverview(reportDb, dep, v.filters), schoolTrend(reportDb, dep, v.filters, v.grain)]);
    render(req, res, 'pages/school', t('school:title'), { ...overviewModel(overview, trend, v), token: res.locals.token, lang: locale }, locale);
  });

  router.get('/school/export.csv', guard, async (req, res) => {
    const { q, v, dep } = context(req, res);
    const table = q.table ?? 'classes';
    if (table === 'trend') return sendCsv(res, `school-trend-${v.grain}`, trendTable(await schoolTrend(reportDb, dep, v.filters, v.grain), v));
    const overview = await schoolOverview(reportDb, dep, v.filters);
    const build = { classes: classesTable, lessons: lessonsTable, bands: bandsTable }[table];
    sendCsv(res, `school-${table}`, build(overview, v));
  });

  router.get('/school/classes/:id', guard, async (req, res) => {
    const { locale, v, dep } = context(req, res);
    const c = await schoolClass(reportDb, dep, String(req.params.id), v.filters);
    if (!c) throw notFound('no such class in this school');
    const model = classModel(c, v);
    render(req, res, 'pages/school-class', model.name, { ...model, token: res.locals.token, lang: locale }, locale);
  });

  router.get('/school/classes/:id/export.csv', guard, async (req, res) => {
    const { v, dep } = context(req, res);
    const c = await schoolClass(reportDb, dep, String(req.params.id), v.filters);
    if (!c) throw notFound('no such class in this school');
    sendCsv(res, `class-${c.name ?? c.contextId}`, classTable(c, v));
  });

  router.get('/school/assignments/:id', guard, async (req, res) => {
    const { locale, v, dep } = context(req, res);
    const r = await schoolAssignment(reportDb, dep, String(req.params.id));
    if (!r) throw notFound('no such assignment in this school');
    const model = assignmentModel(r, v);
    render(req, res, 'pages/school-assignment', `${model.lesson} · ${model.className}`, { ...model, token: res.locals.token, lang: locale }, locale);
  });

  router.get('/school/assignments/:id/export.csv', guard, async (req, res) => {
    const { v, dep } = context(req, res);
    const r = await schoolAssignment(reportDb, dep, String(req.params.id));
    if (!r) throw notFound('no such assignment in this school');
    sendCsv(res, `assignment-${r.className ?? r.contextId}-${r.assignment.lessonId}`, assignmentModel(r, v).table);
  });

  return router;
}

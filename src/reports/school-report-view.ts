/**
 * View models of the school report pages: ready-made strings, links and SVG for logic-free
 * templates, and the tables that the CSV export sends. No HTTP and no database here.
 */
import { horizontalBarChart, trendChart } from './charts';
import type { AssignmentRow, ClassRow, ReportFilters, SchoolOverview, StudentRow, TrendPoint } from './school-report';
import { figuresTable, ratio, studentLabels, type Formatters, type ReportTable, type Translate } from './school-report-format';

export interface ViewContext {
  t: Translate;
  fm: Formatters;
  lessonTitle: (lessonId: string) => string;
  /** A URL on this site with the session token, locale and current filters (plus `extra`). */
  link: (path: string, extra?: Record<string, string | undefined>) => string;
  filters: ReportFilters;
  grain: 'week' | 'month';
}

/** The bar chart shows at most this many classes (the lowest completion first); the table has them all. */
export const CHART_MAX_BARS = 30;

const BANDS = ['A', 'B', 'C', 'D'];

function className(c: { name: string | null }, t: Translate) { return c.name ?? t('school:unnamedClass'); }

export function classesTable(o: SchoolOverview, v: ViewContext): ReportTable {
  const { t, fm } = v;
  return figuresTable({
    id: 'classes', caption: t('school:byClass'), lead: [t('school:col.class'), t('school:col.learners')], items: o.classes, fm, t,
    cells: (c: ClassRow) => [
      { text: c.hasAssignments ? className(c, t) : `${className(c, t)} — ${t('school:noAssignmentsShort')}`, href: v.link(`/school/classes/${c.contextId}`) },
      { text: fm.int(c.learners) }],
    csv: (c: ClassRow) => [className(c, t), c.learners],
    csvHref: v.link('/school/export.csv', { table: 'classes' }), emptyText: t('school:empty'),
  });
}

export function lessonsTable(o: SchoolOverview, v: ViewContext): ReportTable {
  return figuresTable({
    id: 'lessons', caption: v.t('school:byLesson'), lead: [v.t('school:col.lesson')], items: o.lessons, fm: v.fm, t: v.t,
    cells: (l) => [{ text: v.lessonTitle(l.lessonId) }], csv: (l) => [v.lessonTitle(l.lessonId)],
    csvHref: v.link('/school/export.csv', { table: 'lessons' }), emptyText: v.t('school:noData'),
  });
}

export function bandsTable(o: SchoolOverview, v: ViewContext): ReportTable {
  return figuresTable({
    id: 'bands', caption: v.t('school:byBand'), lead: [v.t('school:col.band')], items: o.bands, fm: v.fm, t: v.t,
    cells: (b) => [{ text: v.t(`school:band.${b.band}`) }], csv: (b) => [v.t(`school:band.${b.band}`)],
    csvHref: v.link('/school/export.csv', { table: 'bands' }), emptyText: v.t('school:noData'),
  });
}

export function trendTable(points: TrendPoint[], v: ViewContext): ReportTable {
  const { t, fm } = v;
  const head = [t(`school:col.${v.grain}`), t('school:col.completed'), t('school:col.passed'), t('school:col.passShare')];
  return {
    id: 'trend', caption: t('school:trend'), head, csvHead: head, emptyText: t('school:noData'),
    csvHref: v.link('/school/export.csv', { table: 'trend' }),
    rows: points.map((p) => [{ text: fm.bucket(p.bucket, v.grain) }, { text: fm.int(p.completed) }, { text: fm.int(p.passed) }, { text: fm.pct(ratio(p.passed, p.completed)) }]),
    csvRows: points.map((p) => [p.bucket, p.completed, p.passed, p.completed ? Math.round((100 * p.passed) / p.completed) : null]),
  };
}

export function overviewModel(o: SchoolOverview, trend: TrendPoint[], v: ViewContext) {
  const { t, fm, filters: f } = v;
  const withWork = o.classes.filter((c) => c.hasAssignments);
  const barsFrom = [...withWork].sort((a, b) => (ratio(a.completed, a.expected) ?? 0) - (ratio(b.completed, b.expected) ?? 0)).slice(0, CHART_MAX_BARS);
  const bars = barsFrom.map((c) => ({ label: className(c, t), value: ratio(c.completed, c.expected) ?? 0, valueLabel: fm.pct(ratio(c.completed, c.expected)) }));
  const noAssignment = o.classes.filter((c) => !c.hasAssignments);
  const total = o.total;
  return {
    filtersForm: filtersModel(o, v),
    periodNote: f.from || f.to ? t('school:periodNote') : undefined,
    tiles: [
      { label: t('school:tile.classes', { count: o.classes.length }), value: fm.int(o.classes.length) },
      { label: t('school:tile.noAssignment'), value: fm.int(noAssignment.length) },
      { label: t('school:tile.completion'), value: fm.pct(ratio(total.completed, total.expected)) },
      { label: t('school:tile.pass'), value: fm.pct(ratio(total.passed, total.expected)) },
      { label: t('school:tile.average'), value: total.averagePercent === null ? '–' : fm.pct(total.averagePercent / 100) },
    ],
    noAssignment: noAssignment.length ? {
      heading: t('school:noAssignmentsHeading', { count: noAssignment.length }),
      classes: noAssignment.map((c) => ({ name: className(c, t), learners: t('school:learners', { count: c.learners }), href: v.link(`/school/classes/${c.contextId}`) })),
    } : undefined,
    classChart: horizontalBarChart({
      id: 'chart-classes', title: t('school:chart.classesTitle'), emptyText: t('school:noData'), bars,
      summary: t('school:chart.classesSummary', { shown: bars.length, total: withWork.length, low: bars[0] ? `${bars[0].label} (${bars[0].valueLabel})` : '–' }),
    }),
    chartCapped: withWork.length > CHART_MAX_BARS ? t('school:chart.capped', { shown: CHART_MAX_BARS, total: withWork.length }) : undefined,
    classes: classesTable(o, v),
    lessons: lessonsTable(o, v),
    bands: bandsTable(o, v),
    trendChart: trendChart({
      id: 'chart-trend', title: t('school:chart.trendTitle'), emptyText: t('school:noData'),
      columns: trend.map((p) => ({ label: fm.bucket(p.bucket, v.grain), completed: p.completed, passed: p.passed })),
      legend: { completed: t('school:col.completed'), passed: t('school:col.passed') }, formatNumber: fm.int,
      summary: t('school:chart.trendSummary', { n: trend.length, completed: fm.int(trend.reduce((s, p) => s + p.completed, 0)), passed: fm.int(trend.reduce((s, p) => s + p.passed, 0)) }),
    }),
    trend: trendTable(trend, v),
    grainLinks: (['week', 'month'] as const).map((g) => ({ label: t(`school:grain.${g}`), href: v.link('/school', { grain: g }), current: g === v.grain })),
  };
}

function filtersModel(o: SchoolOverview, v: ViewContext) {
  const { t, filters: f } = v;
  const option = (value: string, label: string, current: string | undefined) => ({ value, label, selected: value === current });
  return {
    from: f.from ?? '', to: f.to ?? '', grain: v.grain,
    bands: [option('', t('school:filter.all'), f.band ?? ''), ...BANDS.map((b) => option(b, t(`school:band.${b}`), f.band))],
    lessons: [option('', t('school:filter.all'), f.lesson ?? ''), ...o.lessonIds.map((id) => option(id, v.lessonTitle(id), f.lesson))],
    classes: [option('', t('school:filter.all'), f.classId ?? ''), ...o.classes.map((c) => option(c.contextId, className(c, t), f.classId))],
    resetHref: v.link('/school', { from: undefined, to: undefined, band: undefined, lesson: undefined, class: undefined }),
  };
}

export function classTable(c: { name: string | null; contextId: string; assignments: AssignmentRow[] }, v: ViewContext): ReportTable {
  return figuresTable({
    id: 'assignments', caption: v.t('school:assignmentsOf', { name: className(c, v.t) }), lead: [v.t('school:col.lesson'), v.t('school:col.band')],
    items: c.assignments, fm: v.fm, t: v.t,
    cells: (a) => [{ text: v.lessonTitle(a.lessonId), href: v.link(`/school/assignments/${a.assignmentId}`) }, { text: v.t(`school:band.${a.band}`) }],
    csv: (a) => [v.lessonTitle(a.lessonId), v.t(`school:band.${a.band}`)],
    csvHref: v.link(`/school/classes/${c.contextId}/export.csv`), emptyText: v.t('school:noAssignments'),
  });
}

export function classModel(c: { name: string | null; contextId: string; learners: number; assignments: AssignmentRow[] }, v: ViewContext) {
  const { t, fm } = v;
  const bars = c.assignments.map((a) => ({ label: v.lessonTitle(a.lessonId), value: ratio(a.completed, a.expected) ?? 0, valueLabel: fm.pct(ratio(a.completed, a.expected)) }));
  return {
    name: className(c, t), learners: t('school:learners', { count: c.learners }), backHref: v.link('/school', { class: undefined }),
    periodNote: v.filters.from || v.filters.to ? t('school:periodNote') : undefined,
    noAssignments: c.assignments.length === 0,
    chart: c.assignments.length ? horizontalBarChart({
      id: 'chart-assignments', title: t('school:chart.assignmentsTitle', { name: className(c, t) }), emptyText: t('school:noData'), bars,
      summary: bars.map((b) => `${b.label}: ${b.valueLabel}`).join('; '),
    }) : undefined,
    table: classTable(c, v),
  };
}

export function studentsTable(students: StudentRow[], csvHref: string, v: ViewContext): ReportTable {
  const { t, fm } = v;
  const names = studentLabels(students, t);
  const head = [t('school:col.student'), t('school:col.status'), t('school:col.score'), t('school:col.attempts'), t('school:col.completedOn')];
  return {
    id: 'students', caption: t('school:students'), head, csvHead: head, csvHref, emptyText: t('school:noStudents'),
    rows: students.map((s, n) => [{ text: names[n]! }, { text: t(`school:status.${s.status}`) },
      { text: s.percent === null ? '–' : fm.pct(s.percent / 100) }, { text: fm.int(s.attempts) }, { text: s.completedAt ? fm.day(s.completedAt) : '–' }]),
    csvRows: students.map((s, n) => [names[n]!, t(`school:status.${s.status}`), s.percent, s.attempts, s.completedAt ? s.completedAt.toISOString().slice(0, 10) : null]),
  };
}

export function assignmentModel(r: { assignment: AssignmentRow; contextId: string; className: string | null; students: StudentRow[] }, v: ViewContext) {
  const { t, fm } = v;
  const a = r.assignment;
  const cls = className({ name: r.className }, t);
  return {
    lesson: v.lessonTitle(a.lessonId), band: t(`school:band.${a.band}`), className: cls,
    schoolHref: v.link('/school'), classHref: v.link(`/school/classes/${r.contextId}`),
    tiles: [
      { label: t('school:col.started'), value: fm.int(a.started) },
      { label: t('school:tile.completion'), value: `${fm.pct(ratio(a.completed, a.expected))} (${fm.int(a.completed)}/${fm.int(a.expected)})` },
      { label: t('school:tile.pass'), value: `${fm.pct(ratio(a.passed, a.expected))} (${fm.int(a.passed)}/${fm.int(a.expected)})` },
      { label: t('school:tile.average'), value: a.averagePercent === null ? '–' : fm.pct(a.averagePercent / 100) },
    ],
    table: studentsTable(r.students, v.link(`/school/assignments/${a.assignmentId}/export.csv`), v),
  };
}

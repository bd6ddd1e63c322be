/**
 * Turns report figures into tables that serve both the page and its CSV: the page gets
 * localized strings (Intl for the locale), the CSV the same columns as plain numbers (a
 * localized decimal comma would break the comma-separated file). One definition of the
 * columns keeps the page and the export from drifting apart.
 */
import type { CsvValue } from './school-report-csv';
import type { Figures } from './school-report';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface Cell { text: string; href?: string }
export interface ReportTable {
  id: string;
  caption: string;
  head: string[];
  rows: Cell[][];
  csvHead: string[];
  csvRows: CsvValue[][];
  csvHref?: string;
  emptyText?: string;
}

export interface Formatters {
  locale: string;
  int(n: number): string;
  pct(ratio: number | null): string;
  day(d: Date | string): string;
  bucket(isoDay: string, grain: 'week' | 'month'): string;
}

export function formatters(locale: string): Formatters {
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  // Buckets and days are UTC dates (daily_stats is kept per UTC day).
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const week = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return {
    locale,
    int: (n) => int.format(n),
    pct: (r) => (r === null ? '–' : pct.format(r)),
    day: (d) => day.format(typeof d === 'string' ? new Date(`${d}T00:00:00Z`) : d),
    bucket: (iso, grain) => (grain === 'month' ? month : week).format(new Date(`${iso}T00:00:00Z`)),
  };
}

export const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
/** A rate as a whole percent for CSV (empty when there is nothing to divide by). */
const csvPct = (n: number, d: number): number | null => (d > 0 ? Math.round((100 * n) / d) : null);

/** The columns every figures table shares, after its own leading ones. */
export function figureHeads(t: Translate): string[] {
  return [t('school:col.assignments'), t('school:col.expected'), t('school:col.started'), t('school:col.completed'),
    t('school:col.completionRate'), t('school:col.passed'), t('school:col.passRate'), t('school:col.average')];
}

export function figureCells(f: Figures, fm: Formatters): Cell[] {
  return [fm.int(f.assignments), fm.int(f.expected), fm.int(f.started), fm.int(f.completed),
    fm.pct(ratio(f.completed, f.expected)), fm.int(f.passed), fm.pct(ratio(f.passed, f.expected)),
    f.averagePercent === null ? '–' : fm.pct(f.averagePercent / 100)].map((text) => ({ text }));
}

export function figureCsv(f: Figures): CsvValue[] {
  return [f.assignments, f.expected, f.started, f.completed, csvPct(f.completed, f.expected), f.passed, csvPct(f.passed, f.expected), f.averagePercent];
}

/** Builds a figures table: leading cells (name, …) then the shared figures. */
export function figuresTable<T extends Figures>(opts: {
  id: string; caption: string; lead: string[]; items: T[]; fm: Formatters; t: Translate;
  cells: (item: T) => Cell[]; csv: (item: T) => CsvValue[]; csvHref?: string; emptyText?: string;
}): ReportTable {
  const head = [...opts.lead, ...figureHeads(opts.t)];
  return {
    id: opts.id, caption: opts.caption, head, csvHead: head, csvHref: opts.csvHref, emptyText: opts.emptyText,
    rows: opts.items.map((i) => [...opts.cells(i), ...figureCells(i, opts.fm)]),
    csvRows: opts.items.map((i) => [...opts.csv(i), ...figureCsv(i)]),
  };
}

/** Student list: names only as the LMS sent them, otherwise "Student 1…" in list order. */
export function studentLabels<T extends { name: string | null }>(list: T[], t: Translate): string[] {
  let n = 0;
  return list.map((s) => s.name ?? t('school:pseudonym', { n: ++n }));
}

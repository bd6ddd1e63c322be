/**
 * Server-side SVG charts for the reports: pure functions, data in → SVG string out. No client
 * script, no charting library, nothing for the CSP to allow. Every chart is an image with a
 * title and a text summary (role="img" + aria-labelledby) and a data table rendered under it by
 * the page; values are written next to the bars and series differ by pattern as well as
 * colour, so nothing depends on colour alone (WCAG 1.4.1). A viewBox makes it scale to the
 * width of its container; all text is escaped here because the page inserts the SVG unescaped.
 */

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A DOM-id-safe form of the caller's id (it is also used to name patterns and the title). */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-') || 'chart';
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function frame(id: string, width: number, height: number, title: string, summary: string, inner: string): string {
  const i = safeId(id);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${i}" viewBox="0 0 ${width} ${height}" `
    + `preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="${i}-title ${i}-desc">`
    + `<title id="${i}-title">${escapeXml(title)}</title><desc id="${i}-desc">${escapeXml(summary)}</desc>${inner}</svg>`;
}

export interface Bar {
  label: string;
  /** Share between 0 and 1 (clamped). */
  value: number;
  /** The value as the reader should see it, e.g. "75 %" (already localized). */
  valueLabel: string;
}

export interface BarChartInput { id: string; title: string; summary: string; bars: Bar[]; emptyText: string }

const BAR_W = 400;
const ROW_H = 42;

/**
 * Horizontal bars, one per row: the label on its own line above the bar (long class names
 * stay readable on a phone), a full-width track so the bar reads as a share of 100 %, and the
 * value written after the bar.
 */
export function horizontalBarChart(input: BarChartInput): string {
  if (!input.bars.length) {
    return frame(input.id, BAR_W, 40, input.title, input.summary, `<text class="chart__empty" x="0" y="24">${escapeXml(input.emptyText)}</text>`);
  }
  const track = BAR_W - 64; // room for the value label after the longest bar
  const parts = input.bars.map((b, n) => {
    const y = n * ROW_H;
    const v = Math.max(0, Math.min(1, Number.isFinite(b.value) ? b.value : 0));
    const w = Math.round(track * v * 10) / 10;
    return `<g class="chart__row">`
      + `<text class="chart__label" x="0" y="${y + 13}">${escapeXml(truncate(b.label, 48))}</text>`
      + `<rect class="chart__track" fill="#e5e7eb" x="0" y="${y + 18}" width="${track}" height="16" rx="2"/>`
      + `<rect class="chart__bar" fill="#1d4ed8" x="0" y="${y + 18}" width="${w}" height="16" rx="2"/>`
      + `<text class="chart__value" x="${w + 6}" y="${y + 31}">${escapeXml(b.valueLabel)}</text></g>`;
  });
  return frame(input.id, BAR_W, input.bars.length * ROW_H, input.title, input.summary, parts.join(''));
}

export interface TrendColumn { label: string; completed: number; passed: number }

export interface TrendChartInput {
  id: string; title: string; summary: string; columns: TrendColumn[]; emptyText: string;
  legend: { completed: string; passed: string };
  /** Localizes the axis and value numbers (Intl.NumberFormat#format). */
  formatNumber?: (n: number) => string;
}

const T_W = 400;
const T_H = 230;
const PLOT = { left: 34, right: 6, top: 34, bottom: 40 };

/** The smallest 1-2-5 step ceiling at or above n, so the axis top is a round number. */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].map((m) => m * p).find((m) => m >= n))!;
}

/**
 * Columns over time: completions as solid columns, first passes as a narrower hatched column in
 * front of them. Values are written above the columns while they fit (≤ 12 columns); beyond
 * that the data table under the chart carries them.
 */
export function trendChart(input: TrendChartInput): string {
  const fmt = input.formatNumber ?? ((n: number) => String(n));
  const i = safeId(input.id);
  if (!input.columns.length) {
    return frame(input.id, T_W, 40, input.title, input.summary, `<text class="chart__empty" x="0" y="24">${escapeXml(input.emptyText)}</text>`);
  }
  const max = niceMax(Math.max(...input.columns.flatMap((c) => [c.completed, c.passed])));
  const plotW = T_W - PLOT.left - PLOT.right;
  const plotH = T_H - PLOT.top - PLOT.bottom;
  const slot = plotW / input.columns.length;
  const colW = Math.max(2, slot * 0.7);
  const y = (v: number) => PLOT.top + plotH - (plotH * Math.max(0, v)) / max;
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const labelEvery = Math.ceil(input.columns.length / 8);
  const showValues = input.columns.length <= 12;
  const defs = `<defs><pattern id="${i}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`
    + `<rect class="chart__hatch-bg" fill="#fff" width="6" height="6"/><line class="chart__hatch" stroke="#92400e" x1="0" y1="0" x2="0" y2="6" stroke-width="3"/></pattern></defs>`;
  const legend = `<g class="chart__legend"><rect class="chart__bar" fill="#1d4ed8" x="0" y="4" width="14" height="14"/>`
    + `<text x="20" y="16">${escapeXml(input.legend.completed)}</text>`
    + `<rect class="chart__passed" stroke="#92400e" x="${T_W / 2}" y="4" width="14" height="14" fill="url(#${i}-hatch)"/>`
    + `<text x="${T_W / 2 + 20}" y="16">${escapeXml(input.legend.passed)}</text></g>`;
  const axis = `<g class="chart__axis"><line stroke="#4b5563" x1="${PLOT.left}" y1="${y(0)}" x2="${T_W - PLOT.right}" y2="${y(0)}"/>`
    + `<line class="chart__grid" stroke="#d1d5db" stroke-dasharray="3 3" x1="${PLOT.left}" y1="${y(max)}" x2="${T_W - PLOT.right}" y2="${y(max)}"/>`
    + `<text x="${PLOT.left - 4}" y="${y(0) + 4}" text-anchor="end">${escapeXml(fmt(0))}</text>`
    + `<text x="${PLOT.left - 4}" y="${y(max) + 4}" text-anchor="end">${escapeXml(fmt(max))}</text></g>`;
  const cols = input.columns.map((c, n) => {
    const x = PLOT.left + n * slot + (slot - colW) / 2;
    const inner = colW * 0.5;
    let g = `<rect class="chart__bar" fill="#1d4ed8" x="${r1(x)}" y="${r1(y(c.completed))}" width="${r1(colW)}" height="${r1(y(0) - y(c.completed))}"/>`
      + `<rect class="chart__passed" stroke="#92400e" x="${r1(x + (colW - inner) / 2)}" y="${r1(y(c.passed))}" width="${r1(inner)}" height="${r1(y(0) - y(c.passed))}" fill="url(#${i}-hatch)"/>`;
    if (showValues) g += `<text class="chart__value" x="${r1(x + colW / 2)}" y="${r1(y(Math.max(c.completed, c.passed)) - 4)}" text-anchor="middle">${escapeXml(fmt(c.completed))}</text>`;
    if (n % labelEvery === 0) g += `<text class="chart__tick" x="${r1(x + colW / 2)}" y="${T_H - PLOT.bottom + 16}" text-anchor="middle">${escapeXml(truncate(c.label, 12))}</text>`;
    return `<g class="chart__col">${g}</g>`;
  });
  return frame(input.id, T_W, T_H, input.title, input.summary, defs + legend + axis + cols.join(''));
}

/**
 * CSV for the school report (RFC 4180, CRLF). The UTF-8 byte-order mark comes first because
 * Excel otherwise reads the file in the system code page and mangles Vietnamese diacritics.
 * A text cell a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
 * return that some importers strip first) gets a leading apostrophe: class titles and student
 * names come from the LMS and are attacker-controlled (OWASP "CSV Injection").
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(head: CsvValue[], rows: CsvValue[][]): string {
  return `\uFEFF${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** RFC 6266: an ASCII filename plus filename* for the rest (class names are often Vietnamese). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/-+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

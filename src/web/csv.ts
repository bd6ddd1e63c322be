/**
 * CSV for spreadsheets (RFC 4180, CRLF). A UTF-8 byte-order mark comes first, because Excel
 * otherwise reads the file as the system code page and mangles Vietnamese diacritics. Text
 * cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
 * return that some import paths strip) get a leading apostrophe: a student's LMS name is
 * attacker-controlled (OWASP "CSV Injection").
 */
import type { Response } from 'express';

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: CsvValue[], rows: CsvValue[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Sends a CSV download; the file name is ASCII-safe with an RFC 6266 filename* for the rest. */
export function sendCsv(res: Response, fileName: string, csv: string): void {
  const ascii = fileName.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/-+/g, '-');
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(csv);
}

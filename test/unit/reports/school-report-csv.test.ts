/** CSV for spreadsheets: BOM, CRLF, quoting, formula injection neutralised, RFC 6266 file names. */
import { contentDisposition, csvCell, toCsv } from '../../../src/reports/school-report-csv';
import { formatters, studentLabels } from '../../../src/reports/school-report-format';

it('starts with a BOM and ends every row with CRLF', () => {
  expect(toCsv(['Lớp', 'Đạt'], [['8A2', 3], ['7A1', null]])).toBe('\uFEFFLớp,Đạt\r\n8A2,3\r\n7A1,\r\n');
});

it('quotes separators, quotes and line breaks', () => {
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('two\nlines')).toBe('"two\nlines"');
});

it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises a text cell a spreadsheet would run: %j', (v) => {
  expect(csvCell(v).replace(/^"/, '').startsWith(`'`)).toBe(true);
});

it('leaves numbers (negative too) as numbers', () => {
  expect(csvCell(-3)).toBe('-3');
  expect(csvCell(Number.NaN)).toBe('');
});

it('names the download with an ASCII fallback and the UTF-8 name', () => {
  expect(contentDisposition('class-Lớp 8A2.csv')).toBe(`attachment; filename="class-Lo-p-8A2.csv"; filename*=UTF-8''class-L%E1%BB%9Bp%208A2.csv`);
});

it('formats numbers, rates and UTC dates for the locale, and numbers unnamed students', () => {
  const vi = formatters('vi');
  expect(vi.int(12345)).toBe('12.345');
  expect(formatters('en').pct(0.666)).toBe('67%');
  expect(vi.pct(null)).toBe('–');
  expect(formatters('en').bucket('2025-03-01', 'month')).toBe('Mar 2025');
  const t = (_k: string, p?: Record<string, unknown>) => `Student ${String(p?.n)}`;
  expect(studentLabels([{ name: null }, { name: 'An' }, { name: null }], t)).toEqual(['Student 1', 'An', 'Student 2']);
});

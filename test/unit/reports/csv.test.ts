/** CSV export: BOM for Excel, RFC 4180 quoting, formula injection neutralised. */
import { csvCell, toCsv } from '../../../src/web/csv';

describe('csv', () => {
  it('starts with a UTF-8 BOM and uses CRLF', () => {
    const out = toCsv(['Học sinh', 'Điểm'], [['Lê Minh Anh', 90]]);
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.slice(1)).toBe('Học sinh,Điểm\r\nLê Minh Anh,90\r\n');
  });
  it('quotes separators, quotes and newlines', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
  });
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx'])('prefixes a formula-like text cell %p with an apostrophe', (v) => {
    expect(csvCell(v).replace(/^"|"$/g, '')).toBe(`'${v}`);
  });
  it('leaves numbers alone (a score is not a formula)', () => {
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});

/** The SVG chart functions: accessible names, direct value labels, escaping, empty data. */
import { escapeXml, horizontalBarChart, niceMax, trendChart } from '../../../src/reports/charts';

const evil = '<script>alert("x")</script> & \'';

describe('horizontalBarChart', () => {
  const svg = horizontalBarChart({
    id: 'c1', title: `Completion ${evil}`, summary: 'Lowest: 7A1', emptyText: 'none',
    bars: [{ label: evil, value: 0.25, valueLabel: '25 %' }, { label: 'Lớp 8A2', value: 1.5, valueLabel: '100 %' }],
  });
  it('is an image named by its title and summary, scaled by a viewBox', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    expect(svg).toMatch(/viewBox="0 0 400 84"/);
    expect(svg).toContain('<title id="c1-title">Completion &lt;script&gt;');
    expect(svg).toContain('<desc id="c1-desc">Lowest: 7A1</desc>');
  });
  it('writes every label and value next to its bar, clamped to the track', () => {
    expect(svg).toContain('>Lớp 8A2</text>');
    expect(svg).toContain('>25 %</text>');
    expect(svg).toContain('>100 %</text>');
    expect(svg).toContain('width="84"'); // 25 % of the 336 track
    expect(svg).toContain('width="336"'); // 150 % is drawn as 100 %
  });
  it('escapes all text', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;');
  });
  it('says so when there is nothing to draw', () => {
    const empty = horizontalBarChart({ id: 'e', title: 't', summary: 's', emptyText: 'No <data>', bars: [] });
    expect(empty).toContain('role="img"');
    expect(empty).toContain('No &lt;data&gt;');
    expect(empty).not.toContain('chart__bar');
  });
});

describe('trendChart', () => {
  const columns = [{ label: 'Jan 2025', completed: 40, passed: 30 }, { label: evil, completed: 75, passed: 80 }];
  const svg = trendChart({ id: 't"1', title: 'Trend', summary: 'Two months', emptyText: 'none', columns, legend: { completed: 'Completed', passed: 'Passed' }, formatNumber: (n) => `n${n}` });
  it('has a legend that tells the series apart by pattern, not colour alone', () => {
    expect(svg).toContain('>Completed</text>');
    expect(svg).toContain('>Passed</text>');
    expect(svg).toContain('<pattern id="t-1-hatch"');
    expect(svg.match(/fill="url\(#t-1-hatch\)"/g)).toHaveLength(3);
  });
  it('labels values (localized) and the axis with a round maximum', () => {
    expect(svg).toContain('>n40</text>');
    expect(svg).toContain('>n75</text>');
    expect(svg).toContain('>n100</text>');
    expect(svg).toContain('>Jan 2025</text>');
    expect(svg).not.toContain('<script>');
  });
  it('leaves value labels to the table when there are many columns, and handles none', () => {
    const many = trendChart({ id: 'm', title: 't', summary: 's', emptyText: 'none', legend: { completed: 'C', passed: 'P' },
      columns: Array.from({ length: 40 }, (_, i) => ({ label: `w${i}`, completed: i, passed: 0 })) });
    expect(many).not.toContain('chart__value');
    expect(many.match(/class="chart__tick"/g)!.length).toBeLessThanOrEqual(8);
    expect(trendChart({ id: 'x', title: 't', summary: 's', emptyText: 'Nothing yet', legend: { completed: 'C', passed: 'P' }, columns: [] })).toContain('Nothing yet');
  });
});

it('niceMax and escapeXml', () => {
  expect([0, 1, 3, 7, 12, 480, 1001].map(niceMax)).toEqual([1, 1, 5, 10, 20, 500, 2000]);
  expect(escapeXml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
});

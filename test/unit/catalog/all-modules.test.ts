/**
 * `npm run content:check` as part of `npm test`: every package in modules/ passes the validator,
 * and the catalogue holds the curriculum's 24 lessons, six per age band, in Vietnamese and English.
 */
import path from 'node:path';
import { checkPackages, loadCatalog } from '../../../src/catalog';

const modules = path.resolve(__dirname, '../../../modules');

it('every lesson package passes the content check', async () => {
  const results = await checkPackages(modules);
  expect(results.flatMap((r) => r.problems)).toEqual([]);
});

it('the catalogue lists the curriculum: A-1 … D-6, six per band, titled in vi and en', async () => {
  const catalog = await loadCatalog(modules);
  const list = catalog.list();
  const codes = list.map((l) => l.code);
  for (const band of ['A', 'B', 'C', 'D']) {
    expect(codes.filter((c) => c.startsWith(band)).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${band}-${n}`));
  }
  for (const l of list) {
    expect(l.title.vi.trim()).not.toBe('');
    expect(l.title.en.trim()).not.toBe('');
    expect(l.title.vi).not.toBe(l.title.en);
    const lesson = catalog.latest(l.id)!;
    expect(lesson.manifest.steps[lesson.manifest.steps.length - 1]!.kind).toBe('help');
  }
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, lessonText, LESSON_LOCALES } from '../../../src/catalog';
import { B3_DIR, loadB3 } from './load-b3';

const VALID = path.resolve(__dirname, '../../fixtures/lessons/valid/a-1-fixture/v1');

/** Writes a copy of the valid fixture under `root/<id>/v<version>` with the manifest tweaked. */
async function copyLesson(root: string, id: string, version: number, code: string, title: string): Promise<void> {
  const dir = path.join(root, id, `v${version}`);
  await fs.cp(VALID, dir, { recursive: true });
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'lesson.json'), 'utf8')) as Record<string, unknown>;
  await fs.writeFile(path.join(dir, 'lesson.json'), JSON.stringify({ ...manifest, id, version, code }));
  for (const locale of LESSON_LOCALES) {
    const file = path.join(dir, 'locales', `${locale}.json`);
    const texts = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>;
    await fs.writeFile(file, JSON.stringify({ ...texts, 'lesson.title': `${title} (${locale})` }));
  }
}

describe('catalog', () => {
  let tmp: string;
  let b3Only: string;
  beforeAll(async () => {
    b3Only = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-catalog-b3-'));
    await fs.cp(B3_DIR, path.join(b3Only, 'b-3-scams-aimed-at-teens', 'v1'), { recursive: true });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-catalog-'));
    await copyLesson(tmp, 'b-1-later', 1, 'B-1', 'later v1');
    await copyLesson(tmp, 'b-1-later', 2, 'B-1', 'later v2');
    await copyLesson(tmp, 'a-2-earlier', 1, 'A-2', 'earlier');
    await fs.writeFile(path.join(tmp, 'README.md'), 'not a package');
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
    await fs.rm(b3Only, { recursive: true, force: true });
  });

  it('serves the real B-3 lesson (copied alone, since other lessons in modules/ may be mid-edit)', async () => {
    const catalog = await loadCatalog(b3Only);
    const lesson = catalog.get('b-3-scams-aimed-at-teens', 1);
    expect(lesson?.manifest.code).toBe('B-3');
    expect(lesson?.dir).toBe(path.join(b3Only, 'b-3-scams-aimed-at-teens', 'v1'));
    expect(catalog.latest('b-3-scams-aimed-at-teens')).toBe(lesson);
    expect(catalog.list().find((s) => s.id === 'b-3-scams-aimed-at-teens')).toEqual({
      id: 'b-3-scams-aimed-at-teens', version: 1, code: 'B-3',
      title: { en: 'Scams aimed at teens', vi: 'Lừa đảo nhắm vào tuổi teen' },
      summary: { en: expect.stringContaining('OTP'), vi: expect.stringContaining('OTP') },
      ageBands: ['B'], topics: expect.arrayContaining(['scams']), minutes: 25,
    });
  });

  it('keeps old versions, lists only the latest of each lesson, sorted by code', async () => {
    const catalog = await loadCatalog(tmp);
    expect(catalog.size).toBe(2);
    expect(catalog.list().map((s) => [s.code, s.id, s.version, s.title.en])).toEqual([
      ['A-2', 'a-2-earlier', 1, 'earlier (en)'],
      ['B-1', 'b-1-later', 2, 'later v2 (en)'],
    ]);
    expect(catalog.latest('b-1-later')?.manifest.version).toBe(2);
    expect(catalog.get('b-1-later', 1)?.manifest.version).toBe(1);
    expect(catalog.get('b-1-later', 3)).toBeUndefined();
    expect(catalog.latest('no-such-lesson')).toBeUndefined();
  });

  it('applies schema defaults to loaded manifests', async () => {
    const lesson = (await loadCatalog(tmp)).latest('a-2-earlier');
    const quiz = lesson?.manifest.steps.find((s) => s.kind === 'quiz');
    expect(quiz?.kind === 'quiz' && quiz.items[0]?.points).toBe(1); // "points" omitted in the fixture
  });

  it('hands out copies from list(), so a caller cannot corrupt the catalogue', async () => {
    const catalog = await loadCatalog(tmp);
    const first = catalog.list()[0];
    if (first) first.title.en = 'changed';
    expect(catalog.list()[0]?.title.en).toBe('earlier (en)');
  });
});

describe('lessonText', () => {
  it('looks keys up in vi or en, maps region tags, and falls back to en for other locales', async () => {
    const lesson = await loadB3();
    expect(lessonText(lesson, 'vi', 'help.title')).toBe('Ai có thể giúp em?');
    expect(lessonText(lesson, 'vi-VN', 'help.title')).toBe('Ai có thể giúp em?');
    expect(lessonText(lesson, 'en', 'help.title')).toBe('Who can help you?');
    expect(lessonText(lesson, 'fr', 'help.title')).toBe('Who can help you?');
    expect(lessonText(lesson, 'id', 'help.title')).toBe('Who can help you?');
    expect(lessonText(lesson, 'vi', 'no.such.key')).toBe('no.such.key');
  });
});

import path from 'node:path';
import { loadCatalog, type Lesson } from '../../../src/catalog';
import { artUses, svgProblems } from '../../../src/catalog/content-assets';

const KINDS = path.resolve(__dirname, '../../fixtures/lessons/valid-kinds');
const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">${body}</svg>`;

describe('svgProblems (safe SVG art)', () => {
  it('accepts a static drawing with namespace declarations and in-file links', () => {
    expect(svgProblems(svg('<defs><circle id="c" r="4"/></defs><use href="#c"/><use xlink:href="#c"/><rect style="fill: url(#g)"/>'))).toEqual([]);
  });

  it.each([
    ['<script>', svg('<script>alert(1)</script>'), /<script>/],
    ['an event handler', svg('<rect onclick="x()"/>'), /event-handler attribute \(onclick\)/],
    ['an external href', svg('<image href="http://x.example/a.png"/>'), /links to "http:\/\/x\.example\/a\.png"/],
    ['a javascript: link', svg('<a xlink:href="javascript:alert(1)"><rect/></a>'), /links to "javascript:alert\(1\)"/],
    ['a data: image', svg('<image href="data:image/png;base64,AAAA"/>'), /links to "data:/],
    ['a protocol-relative CSS url', svg('<rect style="fill: url(//t.example/p.png)"/>'), /external resource/],
    ['an @import', svg('<style>@import "https://t.example/a.css";</style>'), /external resource \("https:\/\/t\.example/],
    ['<foreignObject>', svg('<foreignObject><div/></foreignObject>'), /foreignObject/],
    ['HTML instead of SVG', '<html><body/></html>', /is not an SVG file/],
  ])('refuses %s', (_name, text, expected) => {
    expect(svgProblems(text)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});

describe('artUses', () => {
  it('finds art on story slides, quiz items and sort cards', async () => {
    const lesson = (await loadCatalog(KINDS)).latest('a-2-kinds') as Lesson;
    expect(artUses(lesson.manifest).map((u) => u.where)).toEqual(['steps[0].slides[0].art', 'steps[3].cards[0].art', 'steps[4].items[0].art']);
  });
});

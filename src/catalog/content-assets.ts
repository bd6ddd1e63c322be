/**
 * Art assets: every `art` path must name an SVG file in the version's assets/ folder that is
 * safe to put in front of children. The player serves these files from our own origin, so an
 * SVG that runs script, handles events or loads anything from elsewhere would be an XSS or
 * tracking hole; we accept only static, self-contained drawings.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LessonManifest } from './lesson.schemas';

/** Where a manifest uses each art path (JSON paths), in document order. */
export function artUses(m: LessonManifest): Array<{ art: string; where: string }> {
  const uses: Array<{ art: string; where: string }> = [];
  m.steps.forEach((step, s) => {
    const at = `steps[${s}]`;
    if (step.kind === 'story') step.slides.forEach((slide, i) => slide.art && uses.push({ art: slide.art, where: `${at}.slides[${i}].art` }));
    if (step.kind === 'quiz') step.items.forEach((item, i) => item.art && uses.push({ art: item.art, where: `${at}.items[${i}].art` }));
    if (step.kind === 'sort') step.cards.forEach((card, i) => card.art && uses.push({ art: card.art, where: `${at}.cards[${i}].art` }));
  });
  return uses;
}

/** Problems of one SVG's text; empty when it is a safe, self-contained drawing. */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  if (!/<svg[\s>]/i.test(svg)) problems.push('is not an SVG file (no <svg> element)');
  if (/<script/i.test(svg)) problems.push('contains a <script> element');
  if (/<foreignObject/i.test(svg)) problems.push('contains <foreignObject>, which can embed HTML');
  const handler = /\son[a-z]+\s*=/i.exec(svg);
  if (handler) problems.push(`has an event-handler attribute (${handler[0].trim().replace(/\s*=$/, '')})`);
  for (const match of svg.matchAll(/\b(?:xlink:)?href\s*=\s*(["'])(.*?)\1/gi)) {
    const target = match[2] ?? '';
    if (!target.startsWith('#')) problems.push(`links to "${target}" (only "#…" links inside the file are allowed)`);
  }
  // Namespace declarations look like URLs but load nothing; anything else URL-like may.
  const withoutNamespaces = svg.replace(/\sxmlns(?::[a-z]+)?\s*=\s*(["']).*?\1/gi, '');
  const url = /(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'()<>]+|\b(?:data|javascript):[^\s"'()<>]*/i.exec(withoutNamespaces);
  if (url) problems.push(`refers to an external resource ("${url[0].slice(0, 60)}")`);
  return problems;
}

/** Checks every art use against the files in `dir` (the version folder). */
export async function checkAssets(m: LessonManifest, dir: string, file: string): Promise<string[]> {
  const problems: string[] = [];
  const checked = new Map<string, string[]>();
  for (const { art, where } of artUses(m)) {
    // Each file is reported once, at its first use; later uses would only repeat the lines.
    if (checked.has(art)) continue;
    let found: string[];
    try {
      found = svgProblems(await fs.readFile(path.join(dir, art), 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      found = [code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(err)})`];
    }
    checked.set(art, found);
    for (const what of found) problems.push(`${file}: ${where}: "${art}" ${what}`);
  }
  return problems;
}

/**
 * Reads and validates lesson packages: modules/<lesson-id>/v<major>/lesson.json plus
 * locales/{vi,en}.json. zod checks the shape (this is an edge: files written by people),
 * content-rules*.ts the meaning, content-assets.ts the art files. Every problem line names the package, the file and the
 * key or JSON path, so an author can fix it without reading code.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { LessonManifest, LessonTexts, STEP_KINDS } from './lesson.schemas';
import { LESSON_LOCALES, type Lesson, type LessonLocale } from './lesson.types';
import { checkStructure, checkTranslations } from './content-rules';
import { checkAssets } from './content-assets';

export interface PackageCheck {
  /** "<lesson-id>/v<major>", the package's path under modules/. */
  lesson: string;
  problems: string[];
  /** Present only when the package has no problem. */
  loaded?: Lesson;
}

const VERSION_DIR = /^v([1-9][0-9]*)$/;

/** Validates every package under modulesDir; folders that are not packages are problems too. */
export async function validateModules(modulesDir: string): Promise<PackageCheck[]> {
  const results: PackageCheck[] = [];
  const lessonDirs = (await fs.readdir(modulesDir, { withFileTypes: true })).filter((e) => e.isDirectory());
  for (const lessonDir of lessonDirs.sort((a, b) => a.name.localeCompare(b.name))) {
    const versionDirs = (await fs.readdir(path.join(modulesDir, lessonDir.name), { withFileTypes: true })).filter((e) => e.isDirectory());
    if (versionDirs.length === 0) {
      results.push({ lesson: lessonDir.name, problems: [`${lessonDir.name}: no version folder (expected ${lessonDir.name}/v1/lesson.json)`] });
    }
    for (const versionDir of versionDirs.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))) {
      const label = `${lessonDir.name}/${versionDir.name}`;
      const match = VERSION_DIR.exec(versionDir.name);
      if (!match) {
        results.push({ lesson: label, problems: [`${label}: version folders are named v<major>, e.g. v1`] });
        continue;
      }
      results.push(await validatePackage(path.join(modulesDir, label), label, { id: lessonDir.name, version: Number(match[1]) }));
    }
  }
  return results;
}

/** Validates one version folder; `expected` is what the folder names promise. */
export async function validatePackage(dir: string, label: string, expected: { id: string; version: number }): Promise<PackageCheck> {
  const problems: string[] = [];
  const manifestFile = `${label}/lesson.json`;
  const fileOf = (locale: LessonLocale) => `${label}/locales/${locale}.json`;

  const rawManifest = await readJson(path.join(dir, 'lesson.json'), manifestFile, problems);
  const manifest = rawManifest === undefined ? undefined : parseWith(LessonManifest, rawManifest, manifestFile, problems);

  const texts: Partial<Record<LessonLocale, LessonTexts>> = {};
  for (const locale of LESSON_LOCALES) {
    const raw = await readJson(path.join(dir, 'locales', `${locale}.json`), fileOf(locale), problems);
    if (raw !== undefined) texts[locale] = parseWith(LessonTexts, raw, fileOf(locale), problems);
  }

  if (manifest) {
    if (manifest.id !== expected.id) problems.push(`${manifestFile}: id: "${manifest.id}" does not match its folder "${expected.id}"`);
    if (manifest.version !== expected.version) {
      problems.push(`${manifestFile}: version: ${manifest.version} does not match its folder "v${expected.version}"`);
    }
    problems.push(...checkStructure(manifest, manifestFile));
    problems.push(...(await checkAssets(manifest, dir, manifestFile)));
    if (texts.vi && texts.en) problems.push(...checkTranslations(manifest, { vi: texts.vi, en: texts.en }, fileOf));
  }

  if (problems.length > 0 || !manifest || !texts.vi || !texts.en) return { lesson: label, problems };
  return { lesson: label, problems, loaded: { manifest, texts: { vi: texts.vi, en: texts.en }, dir: path.resolve(dir) } };
}

async function readJson(file: string, label: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(`${label}: ${code === 'ENOENT' ? 'file is missing' : `cannot be read (${code ?? String(err)})`}`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    problems.push(`${label}: invalid JSON: ${(err as Error).message}`);
    return undefined;
  }
}

function parseWith<T extends z.ZodType>(schema: T, raw: unknown, file: string, problems: string[]): z.output<T> | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${file}: ${describeIssue(issue, raw)}`);
  return undefined;
}

/** "steps[2].items[0].options" from ["steps", 2, "items", 0, "options"]. */
export function jsonPath(parts: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of parts) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const where = jsonPath(issue.path);
  // zod's wording for a bad discriminator is generic; authors need the offending kind.
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'kind') {
    const kind = valueAt(raw, issue.path);
    return `${where}: unknown step kind ${JSON.stringify(kind)} (expected one of ${STEP_KINDS.join(', ')})`;
  }
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) return `${where}: required field is missing (expected ${issue.expected})`;
  if (issue.code === 'too_small' && issue.path.at(-1) === 'discussion') return `${where}: the teacher page needs at least 2 discussion prompts`;
  if (issue.code === 'too_small' && issue.path.at(-1) === 'points') return `${where}: points must be > 0, or the maximum score cannot be reached`;
  return `${where}: ${issue.message}`;
}

function valueAt(raw: unknown, parts: ReadonlyArray<PropertyKey>): unknown {
  let value: unknown = raw;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/**
 * The lesson catalogue: every valid package under modules/, indexed by id and version.
 * Built by an explicit call (never at import time) so tests and the app each get their own.
 */
import { CatalogError } from './errors';
import { validateModules, type PackageCheck } from './content-validator';
import type { Catalog, Lesson, LessonSummary } from './lesson.types';

/** Loads and validates every package; refuses the whole catalogue if any package is invalid. */
export async function loadCatalog(modulesDir: string): Promise<Catalog> {
  const checks = await validateModules(modulesDir);
  const problems = checks.flatMap((c) => c.problems);
  if (problems.length > 0) throw new CatalogError(problems);
  return buildCatalog(checks.map((c) => c.loaded).filter((l): l is Lesson => l !== undefined));
}

/** What `npm run content:check` reports: the problems of each package (empty when valid). */
export async function checkPackages(modulesDir: string): Promise<Array<{ lesson: string; problems: string[] }>> {
  const checks: PackageCheck[] = await validateModules(modulesDir);
  return checks.map(({ lesson, problems }) => ({ lesson, problems }));
}

export function buildCatalog(lessons: Lesson[]): Catalog {
  const byId = new Map<string, Map<number, Lesson>>();
  for (const lesson of lessons) {
    const versions = byId.get(lesson.manifest.id) ?? new Map<number, Lesson>();
    versions.set(lesson.manifest.version, lesson);
    byId.set(lesson.manifest.id, versions);
  }
  const latest = (id: string): Lesson | undefined => {
    const versions = byId.get(id);
    if (!versions) return undefined;
    return versions.get(Math.max(...versions.keys()));
  };
  const summaries = [...byId.keys()]
    .map((id) => summarize(latest(id) as Lesson))
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }) || a.id.localeCompare(b.id));
  return {
    list: () => summaries.map((s) => ({ ...s, title: { ...s.title }, summary: { ...s.summary }, ageBands: [...s.ageBands], topics: [...s.topics] })),
    latest,
    get: (id, version) => byId.get(id)?.get(version),
    size: byId.size,
  };
}

function summarize(lesson: Lesson): LessonSummary {
  const { manifest: m, texts } = lesson;
  const both = (key: string) => ({ en: texts.en[key] ?? key, vi: texts.vi[key] ?? key });
  return {
    id: m.id,
    version: m.version,
    code: m.code,
    title: both(m.title),
    summary: both(m.summary),
    ageBands: [...m.ageBands],
    topics: [...m.topics],
    minutes: m.minutes,
  };
}

/**
 * CLI behind `npm run content:check`: validates every lesson package and exits 1 on any
 * problem, so CI and authors get the same verdict as the app at start-up.
 * Usage: tsx src/catalog/content-check.ts [modules-dir]
 */
import path from 'node:path';
import { checkPackages } from './catalog';

export async function runContentCheck(modulesDir: string, out: (line: string) => void): Promise<number> {
  const results = await checkPackages(modulesDir);
  const problems = results.flatMap((r) => r.problems);
  for (const line of problems) out(line);
  const bad = results.filter((r) => r.problems.length > 0).length;
  out(
    problems.length === 0
      ? `content:check: ${results.length} package(s) OK`
      : `content:check: ${problems.length} problem(s) in ${bad} of ${results.length} package(s)`,
  );
  return problems.length === 0 ? 0 : 1;
}

// Run only as a script, so tests can import runContentCheck without side effects.
if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.resolve(__dirname, '../../modules'));
  runContentCheck(dir, (line) => console.log(line)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => { console.error(`content:check: ${err instanceof Error ? err.message : String(err)}`); process.exitCode = 1; },
  );
}

/**
 * Operator commands, wired by src/cli.ts after it opened and migrated the database:
 *   npm run cli -- scorm import FILE.zip [--title TEXT] [--deployment UUID] [--key KEY]
 *   npm run cli -- scorm list [--json]
 * argv is what follows "scorm". Returns the exit code; refusals are ScormErrors (their message
 * is written for the operator).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Db } from '../db';
import { importScormPackage } from './package-import';
import { createScormPackageRepository } from './package.repository';
import { packageSummary } from './player.view-model';
import type { UnpackLimits } from './zip-unpack';

export const SCORM_CLI_USAGE = `  scorm import FILE.zip [--title TEXT] [--deployment DEPLOYMENT_UUID] [--key PACKAGE_KEY]
  scorm list [--json]`;

export class ScormCliUsageError extends Error {}

export interface ScormCliDeps { db: Db; dataDir: string; out: (line: string) => void; limits?: Partial<UnpackLimits> }

const ImportArgs = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  deployment: z.uuid({ error: 'must be a deployment id (uuid)' }).optional(),
  key: z.string().trim().min(1).max(300).optional(),
});

export async function runScormCli(argv: string[], deps: ScormCliDeps): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { title: { type: 'string' }, deployment: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (e) {
    throw new ScormCliUsageError((e as Error).message);
  }
  const [action, file, ...rest] = parsed.positionals;
  if (action === 'import') {
    if (!file || rest.length) throw new ScormCliUsageError('scorm import needs exactly one FILE.zip');
    const a = ImportArgs.safeParse(parsed.values);
    if (!a.success) throw new ScormCliUsageError(`--${String(a.error.issues[0]!.path[0])} ${a.error.issues[0]!.message}`);
    const pkg = await importScormPackage({ db: deps.db, dataDir: deps.dataDir, limits: deps.limits }, {
      file: path.resolve(file), title: a.data.title, deploymentId: a.data.deployment ?? null, packageKey: a.data.key,
    });
    deps.out(`Imported "${pkg.title}" as scorm:${pkg.id} version ${pkg.version} (SCORM ${pkg.manifest.schemaVersion}, ${pkg.manifest.scos.length} launchable item${pkg.manifest.scos.length === 1 ? '' : 's'}, ${pkg.fileCount} files).`);
    return 0;
  }
  if (action === 'list') {
    const list = (await createScormPackageRepository(deps.db).listLatest()).map(packageSummary);
    if (parsed.values.json) deps.out(JSON.stringify(list, null, 2));
    else if (!list.length) deps.out('No SCORM package is imported.');
    else for (const p of list) deps.out(`${p.lessonId}\tv${p.version}\tSCORM ${p.schemaVersion}\t${p.scoCount} item(s)\t${p.deploymentId ?? 'all schools'}\t${p.title}`);
    return 0;
  }
  throw new ScormCliUsageError(action ? `unknown command: scorm ${action}` : 'scorm needs a command (import, list)');
}

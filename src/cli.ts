/**
 * Operator commands; they work while the server is stopped (and, on a PostgreSQL server, while
 * it runs; the embedded database allows one process at a time and says so).
 *
 *   npm run cli -- platform add --issuer URL --client-id ID --auth-url URL --token-url URL --keyset-url URL --deployment ID [--name TEXT]
 *   npm run cli -- platform list [--json]
 *   npm run cli -- platform remove --issuer URL --client-id ID
 *   npm run cli -- lessons list [--json]
 *   npm run cli -- keys rotate [--grace-hours N]
 *   npm run cli -- grades status [--json] | grades retry [--deployment ID]
 *   npm run cli -- data export --user ID|SUB [--issuer URL] | data delete --user ID|SUB [--issuer URL] | data delete --deployment ID | data purge
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config';
import { createSealer, DbLockedError, loadEncryptionKey, migrateDatabase, openDatabase, type Database } from './db';
import { createGradeSyncRepository } from './grades';
import { CatalogError, loadCatalog } from './catalog';
import { createPlatformRepository, rotateToolKey } from './lti';
import { projectPaths } from './paths';
import { runAdminCli, ADMIN_USAGE } from './admin';
import { runScormCli, ScormCliUsageError, SCORM_CLI_USAGE } from './scorm';
import { deleteDeployment, deleteUser, exportUserData, findUsers, purgeExpired } from './privacy';

const USAGE = `Usage: npm run cli -- <command>
  platform add --issuer URL --client-id ID --auth-url URL --token-url URL --keyset-url URL --deployment ID [--name TEXT] [--deployment-name TEXT]
  platform list [--json]
  platform remove --issuer URL --client-id ID
  lessons list [--json]
  keys rotate [--grace-hours N]          new signing key now; the old one stays published N hours (default 72)
  grades status [--json]                  grade passback per school: pending, done, failed
  grades retry [--deployment ID]          send failed grades again (one school's, or all)
  data export --user ID|SUB [--issuer URL]   everything stored about one user, as JSON (right of access)
  data delete --user ID|SUB [--issuer URL]   erase one user: attempts, grades, progress (right to erasure)
  data delete --deployment ID                erase a whole school (deployment) and its users
  data purge                                 apply RETENTION_DAYS now (the server also does it daily)
${SCORM_CLI_USAGE}
${ADMIN_USAGE}`;

class UsageError extends Error {}

const PlatformAdd = z.object({
  issuer: z.string({ error: 'is required' }).min(1, 'is required'),
  'client-id': z.string({ error: 'is required' }).min(1, 'is required'),
  'auth-url': z.url({ protocol: /^https?$/, error: 'is required and must be an http(s) URL' }),
  'token-url': z.url({ protocol: /^https?$/, error: 'is required and must be an http(s) URL' }),
  'keyset-url': z.url({ protocol: /^https?$/, error: 'is required and must be an http(s) URL' }),
  deployment: z.string({ error: 'is required' }).min(1, 'is required'),
  name: z.string().optional(),
  'deployment-name': z.string().optional(),
});

function options(args: string[]) {
  return parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      issuer: { type: 'string' }, 'client-id': { type: 'string' }, 'auth-url': { type: 'string' },
      'token-url': { type: 'string' }, 'keyset-url': { type: 'string' }, deployment: { type: 'string' },
      name: { type: 'string' }, 'deployment-name': { type: 'string' }, json: { type: 'boolean' },
      'grace-hours': { type: 'string' }, user: { type: 'string' },
    },
  });
}

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function run(argv: string[], out: (line: string) => void): Promise<number> {
  // These groups parse their own flags (the admin CLI prompts for passwords; scorm streams files).
  if (argv[0] === 'admin') return runAdminCli(argv, out); // opens the configured database itself
  if (argv[0] === 'scorm') {
    const config = loadConfig();
    try {
      return await withDb(({ db }) => runScormCli(argv.slice(1), { db, dataDir: config.dataDir, out }));
    } catch (e) {
      if (e instanceof ScormCliUsageError) throw new UsageError(e.message);
      throw e;
    }
  }
  let parsed;
  try {
    parsed = options(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [group, action] = parsed.positionals;
  const v = parsed.values;
  if (group === 'lessons' && action === 'list') {
    const catalog = await loadCatalog(loadConfig().modulesDir ?? projectPaths().modules);
    const list = catalog.list().map((l) => ({ id: l.id, version: l.version, title: l.title, ageBands: l.ageBands }));
    if (v.json) out(JSON.stringify(list, null, 2));
    else for (const l of list) out(`${l.id}\tv${l.version}\t${l.ageBands.join(',')}\t${l.title.en}`);
    return 0;
  }
  if (group === 'platform' && action === 'add') {
    const p = PlatformAdd.safeParse(v);
    if (!p.success) {
      const i = p.error.issues[0]!;
      throw new UsageError(`--${String(i.path[0])} ${i.message}`);
    }
    const a = p.data;
    return withDb(async ({ db }) => {
      const repo = createPlatformRepository(db);
      const platform = await repo.upsert({ issuer: a.issuer, clientId: a['client-id'], name: a.name ?? a.issuer, authUrl: a['auth-url'], tokenUrl: a['token-url'], keysetUrl: a['keyset-url'] });
      await repo.addDeployment(platform.id, a.deployment, a['deployment-name']);
      out(`Registered ${platform.name} (issuer ${platform.issuer}, client id ${platform.clientId}) with deployment ${a.deployment}.`);
      return 0;
    });
  }
  if (group === 'platform' && action === 'list') {
    return withDb(async ({ db }) => {
      const list = await createPlatformRepository(db).list();
      if (v.json) out(JSON.stringify(list.map((p) => ({ name: p.name, issuer: p.issuer, clientId: p.clientId, authUrl: p.authUrl, tokenUrl: p.tokenUrl, keysetUrl: p.keysetUrl, deployments: p.deployments.map((d) => d.deploymentId) })), null, 2));
      else if (list.length === 0) out('No platform is registered.');
      else for (const p of list) out(`${p.name}\t${p.issuer}\t${p.clientId}\tdeployments: ${p.deployments.map((d) => d.deploymentId).join(', ')}`);
      return 0;
    });
  }
  if (group === 'platform' && action === 'remove') {
    if (!v.issuer || !v['client-id']) throw new UsageError('platform remove needs --issuer and --client-id');
    return withDb(async ({ db }) => {
      const removed = await createPlatformRepository(db).remove(v.issuer!, v['client-id']!);
      out(removed ? `Removed ${v.issuer} (${v['client-id']}) and all data of its schools.` : 'No such platform.');
      return removed ? 0 : 1;
    });
  }
  if (group === 'data') return dataCommand(action, v, out);
  if (group === 'keys' && action === 'rotate') {
    const grace = v['grace-hours'] === undefined ? 72 : Number(v['grace-hours']);
    if (!Number.isFinite(grace) || grace < 0) throw new UsageError('--grace-hours must be a number of hours');
    return withDb(async ({ db }) => {
      const config = loadConfig();
      const sealer = createSealer(loadEncryptionKey(config.encryptionKey, config.dataDir));
      const r = await rotateToolKey(db, sealer, grace);
      out(`New signing key ${r.kid} is active. ${r.retired.length ? `Old key ${r.retired.join(', ')} stays in /lti/keys for ${grace} h.` : ''}`.trim());
      return 0;
    });
  }
  if (group === 'grades' && action === 'status') {
    return withDb(async ({ db }) => {
      const rows = await createGradeSyncRepository(db).countsByDeployment();
      const deps = new Map((await createPlatformRepository(db).list()).flatMap((p) => p.deployments.map((d) => [d.id, `${p.name} / ${d.name ?? d.deploymentId}`] as const)));
      if (v.json) out(JSON.stringify(rows.map((r) => ({ ...r, school: deps.get(r.deploymentId) })), null, 2));
      else if (rows.length === 0) out('No grade has been queued yet.');
      else for (const r of rows) out(`${deps.get(r.deploymentId) ?? r.deploymentId}\tpending ${r.pending}\tdone ${r.done}\tfailed ${r.failed}${r.oldestPending ? `\toldest pending since ${new Date(r.oldestPending).toISOString()}` : ''}`);
      return 0;
    });
  }
  if (group === 'grades' && action === 'retry') {
    return withDb(async ({ db }) => {
      let deploymentId: string | undefined;
      if (v.deployment) {
        const all = (await createPlatformRepository(db).list()).flatMap((p) => p.deployments);
        const match = all.filter((d) => d.id === v.deployment || d.deploymentId === v.deployment);
        if (match.length !== 1) throw new UsageError(match.length ? `--deployment ${v.deployment} is ambiguous; use the internal id from grades status --json` : `no deployment ${v.deployment}`);
        deploymentId = match[0]!.id;
      }
      const n = await createGradeSyncRepository(db).retryFailed(deploymentId);
      out(`${n} failed grade(s) queued again; the running tool sends them within seconds.`);
      return 0;
    });
  }
  throw new UsageError(group ? `unknown command: ${[group, action].filter(Boolean).join(' ')}` : 'no command given');
}

async function dataCommand(action: string | undefined, v: ReturnType<typeof options>['values'], out: (line: string) => void): Promise<number> {
  const config = loadConfig();
  return withDb(async ({ db }) => {
    const catalog = await loadCatalog(config.modulesDir ?? projectPaths().modules);
    if (action === 'purge') {
      const r = await purgeExpired(db, catalog, config.retentionDays);
      out(`Retention ${config.retentionDays} days: removed ${r.attempts} attempt(s) and ${r.users} user(s).`);
      return 0;
    }
    if (action === 'delete' && v.deployment) {
      const all = (await createPlatformRepository(db).list()).flatMap((p) => p.deployments);
      const match = all.filter((d) => d.id === v.deployment || d.deploymentId === v.deployment);
      if (match.length !== 1) throw new UsageError(match.length ? `--deployment ${v.deployment} is ambiguous; use the internal id` : `no deployment ${v.deployment}`);
      await deleteDeployment(db, match[0]!.id);
      out(`Deleted deployment ${v.deployment} and all data of its school.`);
      return 0;
    }
    if ((action === 'export' || action === 'delete') && v.user) {
      const uuid = /^[0-9a-f-]{36}$/i.test(v.user);
      const found = await findUsers(db, uuid ? { id: v.user } : { sub: v.user, issuer: v.issuer });
      if (found.length === 0) { out('No such user.'); return 1; }
      if (found.length > 1) throw new UsageError('that LMS user id exists on several platforms: add --issuer URL');
      const user = found[0]!;
      if (action === 'export') out(JSON.stringify(await exportUserData(db, user.id), null, 2));
      else { await deleteUser(db, catalog, user.id); out(`Deleted user ${user.id} and everything stored about them.`); }
      return 0;
    }
    throw new UsageError('data needs: export --user, delete --user, delete --deployment, or purge');
  });
}

if (require.main === module) {
  run(process.argv.slice(2), (line) => console.log(line)).then((code) => process.exit(code), (e) => {
    if (e instanceof UsageError) console.error(`${e.message}\n\n${USAGE}`);
    else if (e instanceof ConfigError || e instanceof DbLockedError) console.error(e.message);
    else if (e instanceof CatalogError) console.error(`The lesson catalogue is invalid:\n${e.problems.join('\n')}`);
    else console.error(`Failed: ${(e as Error).message}`);
    process.exit(e instanceof UsageError ? 64 : 1);
  });
}

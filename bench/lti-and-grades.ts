/**
 * npm run bench — LTI and grade passback throughput on this machine (not a test: no assertions).
 *   1. raw RS256: sign + verify per second with cached keys (the floor every launch pays)
 *   2. full launches per second: OIDC login + signed id_token + launch, over real HTTP, against a
 *      loopback platform (the platform's own RS256 signing runs in the same process)
 *   3. scores delivered per second by the grade worker to a loopback AGS endpoint
 * on embedded PGlite and, when reachable, a PostgreSQL server (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test; a throwaway database is created and dropped).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { Client } from 'pg';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app';
import { loadCatalog } from '../src/catalog';
import { loadConfig } from '../src/config';
import { migrateDatabase, openDatabase, type Database } from '../src/db';
import { createI18n } from '../src/i18n';
import { createLogger } from '../src/logger';
import { projectPaths } from '../src/paths';
import { FakePlatform } from '../test/helpers/fake-platform';

const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 400);
const SCORES = Number(process.env.BENCH_SCORES ?? 1000);
const CONCURRENCY = 8;

async function rs256Rate(): Promise<number> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const n = 400;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = await new SignJWT({ i }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    await jwtVerify(t, publicKey);
  }
  return n / ((performance.now() - start) / 1000);
}

async function pool<T>(n: number, worker: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < n) await worker(next++); }));
}

async function benchEngine(label: string, database: Database) {
  await migrateDatabase(database);
  const paths = projectPaths();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-'));
  const platform = await new FakePlatform().start();
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PUBLIC_URL: base, ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'), GRADE_WORKER: 'off' });
  const tool = await createApp({ config, logger: createLogger('silent'), database, catalog: await loadCatalog(paths.modules), i18n: await createI18n(paths.locales), paths, rateLimit: { capacity: 1e6, refillPerSecond: 1e6 } });
  await tool.registerPlatform(platform.registration());
  platform.toolJwks = () => tool.keys.jwks();
  server.on('request', tool.app);

  const launchOnce = async (i: number) => {
    const q = new URLSearchParams({ iss: platform.issuer, login_hint: `u${i}`, target_link_uri: `${base}/lti/launch`, client_id: platform.clientId, lti_deployment_id: platform.deploymentId });
    const login = await fetch(`${base}/lti/login?${q}`, { redirect: 'manual' });
    const loc = new URL(login.headers.get('location')!);
    const idToken = await platform.sign(platform.claims(loc.searchParams.get('nonce')!, { sub: `bench-${label}-${i}` }));
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '); // the login's browser binding
    const res = await fetch(`${base}/lti/launch`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ id_token: idToken, state: loc.searchParams.get('state')! }) });
    if (res.status !== 303) throw new Error(`launch ${i} answered ${res.status}`);
  };
  await pool(20, launchOnce); // warm-up: keysets cached, JIT warm
  let start = performance.now();
  await pool(LAUNCHES, (i) => launchOnce(i + 20));
  const launchesPerSecond = LAUNCHES / ((performance.now() - start) / 1000);

  // grade throughput: queue SCORES rows for the launched students, then let one worker drain them
  const [a] = (await database.db.execute(sql`select id, deployment_id from assignment limit 1`) as unknown as { rows: Array<{ id: string; deployment_id: string }> }).rows;
  const users = (await database.db.execute(sql`select id, sub from lti_user`) as unknown as { rows: Array<{ id: string; sub: string }> }).rows;
  await database.db.execute(sql`insert into grade_sync (deployment_id, assignment_id, user_id, score)
    select ${a!.deployment_id}, ${a!.id}, u.id, jsonb_build_object('userId', u.sub, 'scoreGiven', 80, 'scoreMaximum', 100, 'activityProgress', 'Completed', 'gradingProgress', 'FullyGraded', 'timestamp', now())
    from (select id, sub from lti_user order by id) u, generate_series(1, ${Math.ceil(SCORES / users.length)}) g limit ${SCORES}`);
  start = performance.now();
  let delivered = 0;
  while (delivered < SCORES) {
    const n = await tool.worker.runOnce();
    if (n === 0) break;
    delivered += n;
  }
  const scoresPerSecond = platform.scores.length / ((performance.now() - start) / 1000);
  await tool.worker.stop();
  server.close();
  await platform.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { label, launchesPerSecond, scoresPerSecond, delivered: platform.scores.length, tokenRequests: platform.tokenRequests };
}

async function main() {
  const rs = await rs256Rate();
  const results = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-pglite-'));
  const lite = await openDatabase({ dataDir: dir });
  results.push(await benchEngine('PGlite', lite));
  await lite.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `fs_bench_${process.pid}`;
  try {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl); url.pathname = `/${name}`;
    const pg = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
    try { results.push(await benchEngine('PostgreSQL', pg)); } finally { await pg.close(); }
  } catch (e) {
    console.log(`PostgreSQL server not benchmarked: ${(e as Error).message}`);
  } finally {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect().then(() => admin.query(`drop database if exists ${name} with (force)`)).then(() => admin.end(), () => undefined);
  }

  console.log(`\nFirst Shield benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}`);
  console.log(`raw RS256 sign+verify: ${rs.toFixed(0)} /s (one launch needs at least one platform sign and one tool verify)`);
  console.log('engine      launches/s  launches ÷ RS256 sign+verify  scores delivered/s  (scores, token requests)');
  for (const r of results) {
    console.log(`${r.label.padEnd(11)} ${r.launchesPerSecond.toFixed(1).padStart(10)}  ${(r.launchesPerSecond / rs).toFixed(3).padStart(28)}  ${r.scoresPerSecond.toFixed(1).padStart(18)}  (${r.delivered}, ${r.tokenRequests})`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

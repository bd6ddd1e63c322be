/**
 * `npm run bench:reports` (issue 5; a benchmark, not a test). Seeds ONE deployment with 1,000
 * classes, 40,000 students and 1,000,000 attempts — with set-based SQL (generate_series,
 * INSERT … SELECT), writing the attempts and, consistently with them, learner_progress,
 * assignment_stats and daily_stats — on PGlite (temp dir) and on a PostgreSQL server (a
 * throwaway database created and dropped), then times the real Express routes over HTTP with a
 * real administrator session token. Parameters (this script's own): BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test), BENCH_ENGINES (pglite,pg), BENCH_N (30),
 * BENCH_KEEP=1 (keep the PostgreSQL database for EXPLAIN).
 *
 * Shape of the data: 980 classes × 20 assignments × 40 students = 784,000 student × assignment
 * pairs; 216,000 of them have a second attempt (1,000,000 attempts); 10 % of single-attempt
 * pairs are still in progress; 20 classes have no assignment. Each assignment is done within a
 * week of a start day spread over the last year, as a class does a lesson together.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { loadCatalog } from '../src/catalog';
import { loadConfig } from '../src/config';
import { migrateDatabase, openDatabase, rows, type Database, type Db } from '../src/db';
import { createI18n } from '../src/i18n';
import { createLogger } from '../src/logger';
import { createSessionTokens } from '../src/lti';
import { projectPaths } from '../src/paths';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,pg').split(',');
const N = Number(process.env.BENCH_N ?? 30);
/** Keep the PostgreSQL database afterwards (to EXPLAIN the report queries by hand). */
const KEEP = process.env.BENCH_KEEP === '1';
const CLASSES = 1000;
const WITH_WORK = 980;
const PAIRS = WITH_WORK * 20 * 40; // 784,000
const STUDENTS = CLASSES * 40;

const run = async (db: Db, q: string) => { await db.execute(sql.raw(q)); };

async function seed(db: Db, dep: string, lessons: Array<{ id: string; band: string }>) {
  const lessonValues = lessons.map((l, i) => `(${i}, '${l.id}', '${l.band}')`).join(', ');
  await run(db, `insert into context (id, deployment_id, lti_context_id, title, label)
    select md5('bench-c-' || c)::uuid, '${dep}', 'ctx-' || c, 'Class ' || lpad(c::text, 4, '0'), 'C' || c from generate_series(0, ${CLASSES - 1}) c`);
  const [{ platform_id: pid }] = await rows<{ platform_id: string }>(db, sql`select platform_id from deployment where id = ${dep}`) as [{ platform_id: string }];
  await run(db, `insert into lti_user (id, platform_id, sub, name)
    select md5('bench-u-' || s)::uuid, '${pid}', 'u-' || s, case when s % 3 = 0 then null else 'Student ' || s end from generate_series(0, ${STUDENTS - 1}) s`);
  await run(db, `insert into membership (deployment_id, context_id, user_id, roles)
    select '${dep}', md5('bench-c-' || (s / 40))::uuid, md5('bench-u-' || s)::uuid, array['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']
    from generate_series(0, ${STUDENTS - 1}) s`);
  await run(db, `insert into assignment (id, deployment_id, context_id, resource_link_id, title, lesson_id, lesson_version)
    select md5('bench-a-' || a)::uuid, '${dep}', md5('bench-c-' || (a / 20))::uuid, 'rl-' || a, l.id, l.id, 1
    from generate_series(0, ${WITH_WORK * 20 - 1}) a join (values ${lessonValues}) l(i, id, band) on l.i = (a % 20) % ${lessons.length}`);
  // One row per student × assignment with everything the attempts and summaries derive from.
  const pairs = (from: number, to: number) => `(select p, a, s, l.id as lesson_id, l.band,
      (p % 98) < 27 as two, ((p % 98) >= 27 and p % 10 = 9) as inprog,
      (p * 37) % 101 as pct1, least(100, (p * 37) % 101 + 30) as pct2,
      date_trunc('day', now()) - make_interval(days => ((a / 20) * 13 + (a % 20) * 17) % 330 + 8) + make_interval(days => (s % 7)) as done1
    from (select p, (p / 800) * 20 + p % 20 as a, (p / 800) * 40 + (p % 800) / 20 as s from generate_series(${from}, ${to}) p) g
    join (values ${lessonValues}) l(i, id, band) on l.i = (a % 20) % ${lessons.length}) x`;
  for (let from = 0; from < PAIRS; from += 196_000) {
    const to = Math.min(PAIRS, from + 196_000) - 1;
    await run(db, `insert into attempt (deployment_id, assignment_id, user_id, attempt_number, lesson_id, lesson_version, status, drawn,
        percent, points, max_points, passed, started_at, last_activity_at, submitted_at)
      select '${dep}', md5('bench-a-' || a)::uuid, md5('bench-u-' || s)::uuid, n, lesson_id, 1,
        case when inprog then 'in_progress' else 'submitted' end, '{}'::jsonb,
        case when inprog then null when n = 1 then pct1 else pct2 end,
        case when inprog then null when n = 1 then pct1 else pct2 end, 100,
        case when inprog then null when n = 1 then pct1 >= 70 else pct2 >= 70 end,
        done1 + make_interval(days => n - 1) - interval '20 minutes', done1 + make_interval(days => n - 1),
        case when inprog then null else done1 + make_interval(days => n - 1) end
      from ${pairs(from, to)} cross join generate_series(1, 2) n where n = 1 or two`);
    await run(db, `insert into learner_progress (assignment_id, user_id, deployment_id, context_id, status, percent, attempts, started_at, completed_at, passed_at)
      select md5('bench-a-' || a)::uuid, md5('bench-u-' || s)::uuid, '${dep}', md5('bench-c-' || (a / 20))::uuid,
        case when inprog then 'in_progress' when (case when two then pct2 else pct1 end) >= 70 then 'passed' else 'not_passed' end,
        case when inprog then null when two then pct2 else pct1 end, case when two then 2 else 1 end,
        done1 - interval '20 minutes', case when inprog then null else done1 end,
        case when inprog then null when pct1 >= 70 then done1 when two and pct2 >= 70 then done1 + interval '1 day' end
      from ${pairs(from, to)}`);
  }
  // The two other summaries, derived from learner_progress exactly as the incremental path keeps them.
  await run(db, `insert into assignment_stats (assignment_id, deployment_id, context_id, lesson_id, age_band, started, completed, passed, percent_sum)
    select a.id, a.deployment_id, a.context_id, a.lesson_id, l.band, count(lp.user_id),
      count(lp.completed_at), count(*) filter (where lp.status = 'passed'), coalesce(sum(lp.percent) filter (where lp.completed_at is not null), 0)
    from assignment a join (values ${lessonValues}) l(i, id, band) on l.id = a.lesson_id
    left join learner_progress lp on lp.assignment_id = a.id where a.deployment_id = '${dep}' group by a.id, l.band`);
  await run(db, `insert into daily_stats (assignment_id, day, deployment_id, completed, passed)
    select assignment_id, day, '${dep}', sum(c), sum(p) from (
      select assignment_id, (completed_at at time zone 'utc')::date as day, 1 as c, 0 as p from learner_progress where completed_at is not null
      union all select assignment_id, (passed_at at time zone 'utc')::date, 0, 1 from learner_progress where passed_at is not null) d
    group by assignment_id, day`);
  await run(db, 'analyze');
}

function get(port: number, url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: url, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    }).on('error', reject);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function benchEngine(engine: string) {
  const paths = projectPaths();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-'));
  let dropName: string | undefined;
  let database: Database;
  if (engine === 'pg') {
    dropName = `fs_bench_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect(); await admin.query(`create database ${dropName}`); await admin.end();
    const url = new URL(PG_URL); url.pathname = `/${dropName}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  } else {
    database = await openDatabase({ dataDir: path.join(dataDir, 'db') });
  }
  const results: Array<{ view: string; p50: number; p95: number; max: number; kb: number }> = [];
  let seedMs: number;
  let server: http.Server | undefined;
  try {
    await migrateDatabase(database);
    const catalog = await loadCatalog(paths.modules);
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, PUBLIC_URL: 'http://tool.bench', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), GRADE_WORKER: 'off', DEMO_LMS: 'off' });
    const tool = await createApp({ config, logger: createLogger('silent'), database, catalog, i18n: await createI18n(paths.locales), paths });
    await tool.registerPlatform({ issuer: 'https://lms.bench', clientId: 'bench', name: 'Bench LMS', authUrl: 'https://lms.bench/auth', tokenUrl: 'https://lms.bench/token', keysetUrl: 'https://lms.bench/jwks', deploymentId: 'bench-school' });
    const [{ id: dep }] = await rows<{ id: string }>(database.db, sql`select id from deployment where deployment_id = 'bench-school'`) as [{ id: string }];
    const lessons = catalog.list().map((l) => ({ id: l.id, band: l.ageBands[0] ?? 'B' }));
    const t0 = performance.now();
    await seed(database.db, dep, lessons);
    seedMs = performance.now() - t0;
    const [counts] = await rows<Record<string, number>>(database.db, sql`select (select count(*) from attempt)::int as attempts, (select count(*) from context)::int as classes,
      (select count(*) from lti_user)::int as students, (select count(*) from daily_stats)::int as daily_rows, (select sum(completed) from assignment_stats)::int as completed,
      (select count(*) from learner_progress where completed_at is not null)::int as lp_completed`);
    console.log(`[${engine}] seeded in ${(seedMs / 1000).toFixed(1)} s:`, counts);

    const token = await createSessionTokens(tool.keys.sessionSecret).issue({ uid: crypto.randomUUID(), dep, ctx: crypto.randomUUID(), role: 'admin', lng: 'vi' });
    server = tool.app.listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    const [cls] = await rows<{ id: string; asg: string }>(database.db, sql`select context_id as id, id as asg from assignment where deployment_id = ${dep} order by context_id limit 1`);
    const from = new Date(Date.now() - 180 * 86400_000).toISOString().slice(0, 10);
    const s = `s=${encodeURIComponent(token)}`;
    const views: Array<[string, string]> = [
      ['school overview', `/school?${s}`],
      ['filtered by band', `/school?${s}&band=B`],
      ['trend by month, 6-month period', `/school?${s}&grain=month&from=${from}`],
      ['trend by week', `/school?${s}&grain=week`],
      ['class drill-down', `/school/classes/${cls!.id}?${s}`],
      ['assignment students', `/school/assignments/${cls!.asg}?${s}`],
      ['CSV classes', `/school/export.csv?${s}&table=classes`],
      ['CSV trend by week', `/school/export.csv?${s}&table=trend&grain=week`],
    ];
    for (const [view, url] of views) {
      for (let i = 0; i < 3; i++) await get(port, url); // warm-up: plans, caches, JIT
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < N; i++) {
        const t = performance.now();
        const r = await get(port, url);
        times.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`${view}: HTTP ${r.status}`);
        bytes = r.bytes;
      }
      times.sort((a, b) => a - b);
      results.push({ view, p50: pct(times, 50), p95: pct(times, 95), max: times.at(-1)!, kb: bytes / 1024 });
    }
  } finally {
    if (server) await new Promise((r) => server!.close(r));
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dropName && KEEP) console.log(`[${engine}] kept database ${dropName}`);
    else if (dropName) {
      const admin = new Client({ connectionString: PG_URL });
      await admin.connect(); await admin.query(`drop database if exists ${dropName} with (force)`); await admin.end();
    }
  }
  return { engine, seedMs, results };
}

async function main() {
  const all = [];
  for (const engine of ENGINES) all.push(await benchEngine(engine));
  console.log(`\nSchool report latency over HTTP, N=${N} per view after 3 warm-up requests (ms)`);
  console.log(`${'engine'.padEnd(8)}${'view'.padEnd(34)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}${'KiB'.padStart(8)}`);
  for (const e of all) {
    for (const r of e.results) console.log(`${e.engine.padEnd(8)}${r.view.padEnd(34)}${r.p50.toFixed(1).padStart(8)}${r.p95.toFixed(1).padStart(8)}${r.max.toFixed(1).padStart(8)}${r.kb.toFixed(0).padStart(8)}`);
    console.log(`${e.engine.padEnd(8)}${'seeding 1,000,000 attempts + summaries'.padEnd(34)}${(e.seedMs / 1000).toFixed(1).padStart(8)} s`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

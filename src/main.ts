/**
 * Process entry: config → database → migrations → catalogue → HTTP server + grade worker (+ the
 * demo LMS unless production). Graceful shutdown on SIGTERM/SIGINT: stop taking requests, let
 * in-flight ones finish, stop the worker, close the database.
 */
import http from 'node:http';
import express from 'express';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { DbLockedError, migrateDatabase, openDatabase } from './db';
import { CatalogError, loadCatalog } from './catalog';
import { createI18n } from './i18n';
import { projectPaths } from './paths';
import { createApp } from './app';
import { createLoginStateRepository } from './lti';
import { createDemoLms } from './demo';
import { purgeExpired } from './privacy';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) { console.error(e.message); process.exit(78); }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const paths = projectPaths();
  let database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir,
      onIdleError: (e) => logger.warn({ err: e.message }, 'database connection lost; it will be replaced'),
    });
  } catch (e) {
    if (e instanceof DbLockedError) { logger.fatal(e.message); process.exit(75); }
    logger.fatal({ err: (e as Error).message }, 'cannot open the database');
    process.exit(1);
  }
  logger.info({ engine: database.engine }, 'database open');
  const reportDatabase = config.readDatabaseUrl
    ? await openDatabase({ databaseUrl: config.readDatabaseUrl, poolSize: 5, onIdleError: (e) => logger.warn({ err: e.message }, 'report database connection lost') })
    : undefined;
  await migrateDatabase(database);
  let catalog;
  try {
    catalog = await loadCatalog(config.modulesDir ?? paths.modules);
  } catch (e) {
    if (e instanceof CatalogError) { logger.fatal({ problems: e.problems }, 'the lesson catalogue is invalid'); await database.close(); process.exit(1); }
    throw e;
  }
  logger.info({ lessons: catalog.size }, 'catalogue loaded');
  const i18n = await createI18n(paths.locales);
  const demoSlot = express.Router();
  const tool = await createApp({ config, logger, database, reportDatabase, catalog, i18n, paths, mounts: config.demoLms ? [{ path: '/demo', router: demoSlot }] : [] });
  if (config.demoLms) {
    const demo = await createDemoLms({
      publicUrl: config.publicUrl, dataDir: config.dataDir, logger,
      lessons: catalog.list().map((l) => ({ id: l.id, title: l.title })),
      registerPlatform: async (reg) => { await tool.registerPlatform(reg); },
    });
    demoSlot.use(demo.router);
    logger.info({ url: `${config.publicUrl}/demo` }, 'demo LMS ready');
  }
  const server = http.createServer(tool.app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  logger.info({ url: config.publicUrl, port: config.port }, 'First Shield is listening');
  if (config.gradeWorker) tool.worker.start();
  const states = createLoginStateRepository(database.db);
  const purge = setInterval(() => { void states.purgeExpired().catch(() => undefined); }, 10 * 60_000);
  purge.unref();
  // Retention (RETENTION_DAYS): once shortly after start, then daily.
  const retention = async () => {
    try {
      const r = await purgeExpired(database.db, catalog, config.retentionDays);
      if (r.attempts || r.users) logger.info({ ...r, days: config.retentionDays }, 'retention purge');
    } catch (e) { logger.error({ err: (e as Error).message }, 'retention purge failed'); }
  };
  const retentionStart = setTimeout(() => void retention(), 60_000);
  retentionStart.unref();
  const retentionDaily = setInterval(() => void retention(), 86_400_000);
  retentionDaily.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    tool.startDraining();
    clearInterval(purge);
    clearTimeout(retentionStart);
    clearInterval(retentionDaily);
    const force = setTimeout(() => { logger.error('shutdown took too long; exiting'); process.exit(1); }, 15_000);
    force.unref();
    await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeIdleConnections(); });
    await tool.worker.stop();
    await reportDatabase?.close();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  console.error('First Shield failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});

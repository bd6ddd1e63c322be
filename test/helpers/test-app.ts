/**
 * Builds the real app (createApp) for integration tests, on the worker's test database, with a
 * loopback platform registered, plus helpers that perform real OIDC login → launch exchanges.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp, type App } from '../../src/app';
import { loadCatalog, type Catalog } from '../../src/catalog';
import { loadConfig } from '../../src/config';
import { createI18n, type I18n } from '../../src/i18n';
import { createLogger } from '../../src/logger';
import { projectPaths } from '../../src/paths';
import type { CryptoKey } from 'jose';
import { FakePlatform } from './fake-platform';
import { openTestDb, type TestDb } from './test-db';

export interface Harness { tool: App; platform: FakePlatform; testDb: TestDb; catalog: Catalog; i18n: I18n; reset(): Promise<void>; close(): Promise<void> }

let shared: { catalog: Catalog; i18n: I18n } | undefined;

/** The lessons the integration tests rely on, copied so that lessons being written elsewhere cannot break them. */
export const TEST_LESSONS = ['b-3-scams-aimed-at-teens'];
function testModulesDir(modules: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-modules-'));
  for (const id of TEST_LESSONS) fs.cpSync(path.join(modules, id), path.join(dir, id), { recursive: true });
  return dir;
}

export async function createHarness(opts: { servicesTimeoutMs?: number; rateLimit?: { capacity: number; refillPerSecond: number } } = {}): Promise<Harness> {
  const paths = projectPaths();
  shared ??= { catalog: await loadCatalog(testModulesDir(paths.modules)), i18n: await createI18n(paths.locales) };
  const testDb = await openTestDb();
  const platform = await new FakePlatform().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PUBLIC_URL: 'http://tool.test', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), GRADE_WORKER: 'off' });
  let seed = 1;
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  let tool = await build();
  async function build() {
    const t = await createApp({ config, logger: createLogger('silent'), database: testDb.database, catalog: shared!.catalog, i18n: shared!.i18n, paths, random, keysetMinRefreshMs: 0, servicesTimeoutMs: opts.servicesTimeoutMs, rateLimit: opts.rateLimit ?? { capacity: 10_000, refillPerSecond: 1000 } });
    await t.registerPlatform(platform.registration());
    platform.toolJwks = () => t.keys.jwks();
    return t;
  }
  const h: Harness = {
    get tool() { return tool; },
    platform, testDb, catalog: shared.catalog, i18n: shared.i18n,
    async reset() {
      await testDb.reset();
      platform.scores = [];
      platform.scoreFaults = [];
      platform.tokenRequests = 0;
      tool = await build();
    },
    async close() {
      await tool.worker.stop();
      await platform.stop();
      await testDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

export interface LaunchOptions { claims?: Record<string, unknown>; sign?: { key?: CryptoKey; kid?: string; alg?: string; expiresIn?: string | number; iat?: number }; nonce?: string }

/** OIDC login initiation; returns the state and nonce the tool sent to the platform. */
export async function login(h: Harness, params: Record<string, string> = {}) {
  const res = await request(h.tool.app).get('/lti/login').query({
    iss: h.platform.issuer, login_hint: 'hint-1', target_link_uri: 'http://tool.test/lti/launch',
    client_id: h.platform.clientId, lti_deployment_id: h.platform.deploymentId, ...params,
  });
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${res.text.slice(0, 200)}`);
  const url = new URL(res.headers.location!);
  const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = (setCookie ?? []).map((c) => c.split(';')[0]).join('; ');
  return { res, url, state: url.searchParams.get('state')!, nonce: url.searchParams.get('nonce')!, cookie };
}

/** A complete launch: login, a signed id_token, the form post. Returns the launch response. */
export async function launch(h: Harness, opts: LaunchOptions = {}) {
  const { state, nonce, cookie } = await login(h);
  const idToken = await h.platform.sign(h.platform.claims(opts.nonce ?? nonce, opts.claims), opts.sign);
  // the browser brings back the cookie that binds the login to it (src/lti/state-binding.ts)
  const res = await request(h.tool.app).post('/lti/launch').set('Cookie', cookie).type('form').send({ id_token: idToken, state });
  return { res, state, nonce, idToken, cookie };
}

/** Follows a launch redirect and returns the session token and the target path. */
export function sessionFrom(location: string) {
  const url = new URL(location, 'http://tool.test');
  return { path: url.pathname, token: url.searchParams.get('s')!, url: `${url.pathname}${url.search}` };
}

/**
 * A bare Express app with only the admin router (plus the tool's request context and error
 * middleware), on the worker's test database. Used by test/integration/admin*.test.ts.
 */
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createAdminRouter, hashPassword, type AdminRouterDeps } from '../../../src/admin';
import { createI18n, type I18n } from '../../../src/i18n';
import { createLogger } from '../../../src/logger';
import { createPlatformRepository } from '../../../src/lti';
import { projectPaths } from '../../../src/paths';
import { errorHandler, notFoundHandler } from '../../../src/web/error-handler';
import { requestContext } from '../../../src/web/request-context';
import { createViewRenderer } from '../../../src/web/views';
import { adminAccounts } from '../../../src/db/schema-admin';
import { openTestDb, type TestDb } from '../../helpers/test-db';

export const PASSWORD = 'correct horse battery staple';

export interface AdminHarness {
  testDb: TestDb; i18n: I18n; logs: string[]; kicks: number; changes: number;
  app(overrides?: Partial<AdminRouterDeps>): express.Express;
  reset(): Promise<void>;
  account(email: string, password?: string): Promise<string>;
  signIn(app: express.Express, email: string, password?: string): Promise<{ cookie: string; sessionId: string; csrf: string }>;
  close(): Promise<void>;
}

let i18nShared: I18n | undefined;

export async function createAdminHarness(): Promise<AdminHarness> {
  const paths = projectPaths();
  i18nShared ??= await createI18n(paths.locales);
  const i18n = i18nShared;
  const testDb = await openTestDb();
  const views = createViewRenderer({ viewsDir: paths.views, i18n, cache: true });
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const logger = createLogger('info', sink);
  const h: AdminHarness = {
    testDb, i18n, logs, kicks: 0, changes: 0,
    app(overrides = {}) {
      const app = express();
      app.use(requestContext(logger));
      app.use('/admin', createAdminRouter({
        db: testDb.database.db, views, i18n, logger, config: { publicUrl: 'http://tool.test', https: false },
        platforms: createPlatformRepository(testDb.database.db),
        worker: { kick: () => { h.kicks++; } }, onPlatformsChanged: () => { h.changes++; },
        ...overrides,
      }));
      app.use(notFoundHandler());
      app.use(errorHandler({ i18n, views }));
      return app;
    },
    async reset() {
      await testDb.reset();
      await testDb.database.db.execute(sql.raw('truncate admin_login_failure, admin_session, admin_account cascade'));
      logs.length = 0;
      h.kicks = 0;
      h.changes = 0;
    },
    async account(email, password = PASSWORD) {
      const [row] = await testDb.database.db.insert(adminAccounts).values({ email, passwordHash: await hashPassword(password) }).returning();
      return row!.id;
    },
    async signIn(app, email, password = PASSWORD) {
      const form = await request(app).get('/admin/login');
      const pre = cookieValue(form, 'fs_admin_login')!;
      const res = await request(app).post('/admin/login').set('Cookie', `fs_admin_login=${pre}`).type('form')
        .send({ _csrf: pre, email, password });
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
      const sessionId = cookieValue(res, 'fs_admin')!;
      const cookie = `fs_admin=${sessionId}`;
      const home = await request(app).get('/admin').set('Cookie', cookie);
      return { cookie, sessionId, csrf: csrfOf(home.text) };
    },
    async close() { await testDb.close(); },
  };
  return h;
}

export function setCookies(res: request.Response): string[] {
  const raw = res.headers['set-cookie'] as unknown;
  return Array.isArray(raw) ? raw as string[] : typeof raw === 'string' ? [raw] : [];
}

export function cookieValue(res: request.Response, name: string): string | undefined {
  const line = setCookies(res).find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field in the page');
  return m[1]!;
}

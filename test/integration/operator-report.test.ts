/** An operator signed in to the admin console opens any school's report; nobody else does. */
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { runAdminCli } from '../../src/admin';
import { createHarness, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

async function signedInOperator() {
  const code = await runAdminCli(['admin', 'create', '--email', 'it@school.example', '--password-stdin'], () => undefined, {
    db: h.testDb.database.db, readPassword: async () => 'plum orchard lantern 7',
  });
  expect(code).toBe(0);
  const agent = request.agent(h.tool.app);
  const form = await agent.get('/admin/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const login = await agent.post('/admin/login').type('form').send({ _csrf: csrf, email: 'it@school.example', password: 'plum orchard lantern 7' });
  expect(login.status).toBe(303);
  return agent;
}

it('hands the operator over to the school report of the deployment they picked', async () => {
  const agent = await signedInOperator();
  const [dep] = (await h.testDb.database.db.execute(sql`select id from deployment`) as unknown as { rows: Array<{ id: string }> }).rows;
  const res = await agent.get(`/admin/deployments/${dep!.id}/report?lang=en`);
  expect(res.status).toBe(303);
  expect(res.headers.location).toMatch(/^\/school\?s=/);
  const report = await request(h.tool.app).get(res.headers.location!);
  expect(report.status).toBe(200);
  expect(report.text).toContain('<html lang="en"');
  expect((await agent.get('/admin/deployments/00000000-0000-4000-8000-000000000000/report')).status).toBe(404);
});

it('refuses anyone who is not signed in to the console', async () => {
  const [dep] = (await h.testDb.database.db.execute(sql`select id from deployment`) as unknown as { rows: Array<{ id: string }> }).rows;
  const res = await request(h.tool.app).get(`/admin/deployments/${dep!.id}/report`);
  expect([302, 303, 401]).toContain(res.status);
  expect(res.headers.location ?? '').not.toMatch(/\/school\?s=/);
});

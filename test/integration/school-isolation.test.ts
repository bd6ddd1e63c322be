/**
 * Isolation: two schools (deployments) on the same loopback platform, an administrator of each.
 * Each administrator sees only their own deployment; another school's class or assignment id in
 * the URL answers 404 (as if it did not exist), never its data; learners and teachers get 403.
 */
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db';
import { createHarness, login, sessionFrom, type Harness } from '../helpers/test-app';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const ADMIN = ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'];
let h: Harness;
const tokens: Record<string, string> = {};
const ids: Record<string, { ctx: string; asg: string }> = {};

/** A launch into the given deployment (the login names it, the id_token carries it). */
async function launchIn(deploymentId: string, claims: Record<string, unknown>) {
  const { state, nonce, cookie } = await login(h, { lti_deployment_id: deploymentId });
  const idToken = await h.platform.sign(h.platform.claims(nonce, { [`${LTI}deployment_id`]: deploymentId, ...claims }));
  const res = await request(h.tool.app).post('/lti/launch').set('Cookie', cookie).type('form').send({ id_token: idToken, state });
  expect(res.status).toBe(303);
  return sessionFrom(res.headers.location!).token;
}

beforeAll(async () => {
  h = await createHarness();
  await h.reset();
  await h.tool.registerPlatform({ ...h.platform.registration(), deploymentId: 'deployment-2' });
  const school = { 'deployment-1': { ctx: 'ctx-1', title: 'Lớp 8A2 (school one)' }, 'deployment-2': { ctx: 'ctx-1', title: 'Class 9Z (school two)' } };
  for (const [dep, c] of Object.entries(school)) {
    // Same LMS context id in both schools: only the deployment tells them apart.
    const context = { id: c.ctx, label: c.title, title: c.title };
    tokens[`learner-${dep}`] = await launchIn(dep, { sub: `learner-${dep}`, [`${LTI}context`]: context });
    tokens[`teacher-${dep}`] = await launchIn(dep, { sub: `teacher-${dep}`, [`${LTI}context`]: context, [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] });
    tokens[`admin-${dep}`] = await launchIn(dep, { sub: `admin-${dep}`, [`${LTI}roles`]: ADMIN, [`${LTI}context`]: undefined, [`${LTI}custom`]: undefined });
  }
  const found = await rows<{ dep: string; ctx: string; asg: string }>(h.testDb.database.db, sql`
    select d.deployment_id as dep, a.context_id as ctx, a.id as asg from assignment a join deployment d on d.id = a.deployment_id`);
  for (const f of found) ids[f.dep] = { ctx: f.ctx, asg: f.asg };
  expect(Object.keys(ids).sort()).toEqual(['deployment-1', 'deployment-2']);
}, 60_000);
afterAll(async () => { await h?.close(); });

const get = (token: string, path: string, q: Record<string, string> = {}) => request(h.tool.app).get(path).query({ s: token, lang: 'en', ...q });

it.each([['deployment-1', 'deployment-2'], ['deployment-2', 'deployment-1']])('an administrator of %s sees only their school', async (own, other) => {
  const mine = own === 'deployment-1' ? 'Lớp 8A2 (school one)' : 'Class 9Z (school two)';
  const theirs = own === 'deployment-1' ? 'Class 9Z (school two)' : 'Lớp 8A2 (school one)';
  const admin = tokens[`admin-${own}`]!;
  const page = await get(admin, '/school');
  expect(page.status).toBe(200);
  expect(page.text).toContain(mine);
  expect(page.text).not.toContain(theirs);
  const csv = await get(admin, '/school/export.csv', { table: 'classes' });
  expect(csv.text).toContain(mine);
  expect(csv.text).not.toContain(theirs);
  expect((await get(admin, `/school/classes/${ids[own]!.ctx}`)).status).toBe(200);
  expect((await get(admin, `/school/assignments/${ids[own]!.asg}`)).status).toBe(200);

  for (const path of [`/school/classes/${ids[other]!.ctx}`, `/school/classes/${ids[other]!.ctx}/export.csv`,
    `/school/assignments/${ids[other]!.asg}`, `/school/assignments/${ids[other]!.asg}/export.csv`]) {
    const res = await get(admin, path);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(theirs);
  }
  // The class filter with another school's id shows nothing of theirs either.
  const filtered = await get(admin, '/school/export.csv', { table: 'classes', class: ids[other]!.ctx });
  expect(filtered.text).not.toContain(theirs);
});

it('answers 404 for a made-up id and 401 without a session', async () => {
  expect((await get(tokens['admin-deployment-1']!, '/school/classes/not-a-uuid')).status).toBe(404);
  expect((await get(tokens['admin-deployment-1']!, '/school/assignments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await request(h.tool.app).get('/school')).status).toBe(401);
});

it.each(['learner', 'teacher'])('refuses a %s (403) on every school page', async (who) => {
  for (const dep of ['deployment-1', 'deployment-2']) {
    const token = tokens[`${who}-${dep}`]!;
    for (const path of ['/school', '/school/export.csv', `/school/classes/${ids[dep]!.ctx}`, `/school/assignments/${ids[dep]!.asg}/export.csv`]) {
      expect((await get(token, path)).status).toBe(403);
    }
  }
});

/** Strangers can hammer /lti/login and /lti/launch: over the limit they get 429 with Retry-After. */
import request from 'supertest';
import { createHarness, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness({ rateLimit: { capacity: 3, refillPerSecond: 0.2 } }); });
afterAll(async () => { await h?.close(); });

it('answers 429 problem JSON with Retry-After once a client spends its burst', async () => {
  const login = () => request(h.tool.app).get('/lti/login').set('Accept', 'application/json').query({ iss: h.platform.issuer, login_hint: 'x', target_link_uri: 'http://tool.test/lti/launch', client_id: h.platform.clientId });
  for (let i = 0; i < 3; i++) expect((await login()).status).toBe(302);
  const limited = await login();
  expect(limited.status).toBe(429);
  expect(limited.headers['content-type']).toMatch(/problem\+json/);
  expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
  expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  // launches have a bucket of their own
  expect((await request(h.tool.app).post('/lti/launch').type('form').send({})).status).toBe(400);
});

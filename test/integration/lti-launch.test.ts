/**
 * The launch pipeline through HTTP: login → signed id_token → launch, against a loopback
 * platform. Every refused launch answers a localized 4xx page with a request id and leaves no
 * session and no rows behind.
 */
import { generateKeyPair } from 'jose';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createHarness, launch, login, sessionFrom, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

async function rowCounts() {
  const r = await h.testDb.database.db.execute(sql`select
    (select count(*)::int from context) as contexts, (select count(*)::int from lti_user) as users,
    (select count(*)::int from membership) as memberships, (select count(*)::int from assignment) as assignments,
    (select count(*)::int from attempt) as attempts`);
  return (r as unknown as { rows: unknown[] }).rows[0];
}

describe('OIDC login initiation', () => {
  it('redirects to the platform with a bound state and nonce', async () => {
    const { url, state, nonce } = await login(h);
    expect(url.origin + url.pathname).toBe(`${h.platform.url}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none',
      client_id: h.platform.clientId, redirect_uri: 'http://tool.test/lti/launch', login_hint: 'hint-1',
    });
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(nonce.length).toBeGreaterThanOrEqual(32);
    expect(state).not.toBe(nonce);
  });

  it('also accepts a POSTed initiation', async () => {
    const res = await request(h.tool.app).post('/lti/login').type('form').send({
      iss: h.platform.issuer, login_hint: 'x', target_link_uri: 'http://tool.test/lti/launch', client_id: h.platform.clientId,
    });
    expect(res.status).toBe(302);
  });

  it.each([
    ['an unknown issuer', { iss: 'https://unknown.example' }, 403, 'unknown_platform'],
    ['an unknown deployment', { lti_deployment_id: 'nope' }, 403, 'unknown_deployment'],
    ['no login_hint', { login_hint: '' }, 400, 'launch_invalid'],
  ])('refuses %s', async (_name, params, status, code) => {
    const res = await request(h.tool.app).get('/lti/login').set('Accept', 'application/json').query({
      iss: h.platform.issuer, login_hint: 'h', target_link_uri: 'http://tool.test/lti/launch', client_id: h.platform.clientId, ...params,
    });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code, status });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });
});

describe('resource link launch', () => {
  it('sends a learner to the player with a session token and stores only what it needs', async () => {
    const { res } = await launch(h);
    expect(res.status).toBe(303);
    const { path, token } = sessionFrom(res.headers.location!);
    expect(path).toMatch(/^\/play\/[0-9a-f-]{36}$/);
    expect(token.split('.')).toHaveLength(3);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await rowCounts()).toEqual({ contexts: 1, users: 1, memberships: 1, assignments: 1, attempts: 1 });
    const user = await h.testDb.database.db.execute(sql`select * from lti_user`);
    const row = (user as unknown as { rows: Array<Record<string, unknown>> }).rows[0]!;
    expect(Object.keys(row).sort()).toEqual(['created_at', 'id', 'name', 'platform_id', 'sub', 'updated_at']);
  });

  it('lets the LMS page that framed the launch frame the next page (origins learned from signed claims)', async () => {
    const before = await request(h.tool.app).get('/privacy');
    expect(before.headers['content-security-policy']).not.toContain('https://school.lms.example');
    const { res } = await launch(h, { claims: { [`${LTI}launch_presentation`]: { locale: 'vi', document_target: 'iframe', return_url: 'https://school.lms.example/course/view.php?id=7' } } });
    const page = await request(h.tool.app).get(sessionFrom(res.headers.location!).url);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors [^;]*https:\/\/school\.lms\.example/);
  });

  it('sends an instructor to the assignment view', async () => {
    const { res } = await launch(h, { claims: { [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] } });
    expect(res.status).toBe(303);
    expect(sessionFrom(res.headers.location!).path).toMatch(/^\/teach\/assignments\//);
  });

  it('sends a school administrator to the school overview', async () => {
    const { res } = await launch(h, { claims: { [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'] } });
    expect(res.status).toBe(303);
    expect(sessionFrom(res.headers.location!).path).toBe('/school');
  });
});

describe('refused launches', () => {
  const cases: Array<[string, () => Promise<{ res: request.Response }>, number, string]> = [
    ['a bad signature', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return launch(h, { sign: { key: privateKey } });
    }, 400, 'launch_invalid'],
    ['an unpublished kid', () => launch(h, { sign: { kid: 'someone-else' } }), 400, 'launch_invalid'],
    ['the wrong audience', () => launch(h, { claims: { aud: 'another-tool', azp: 'another-tool' } }), 400, 'launch_invalid'],
    ['a foreign azp', () => launch(h, { claims: { aud: [h.platform.clientId, 'other'], azp: 'other' } }), 400, 'launch_invalid'],
    ['the wrong issuer', () => launch(h, { claims: { iss: 'https://evil.example' } }), 400, 'unknown_platform'],
    ['an expired token', () => launch(h, { sign: { iat: Math.floor(Date.now() / 1000) - 3600, expiresIn: Math.floor(Date.now() / 1000) - 1800 } }), 400, 'launch_expired'],
    ['a nonce it never issued', () => launch(h, { nonce: 'forged-nonce' }), 400, 'launch_replayed'],
    ['an unknown deployment', () => launch(h, { claims: { [`${LTI}deployment_id`]: 'other-school' } }), 403, 'unknown_deployment'],
    ['a wrong message type', () => launch(h, { claims: { [`${LTI}message_type`]: 'LtiSubmissionReviewRequest' } }), 400, 'unsupported_message'],
    ['a wrong version', () => launch(h, { claims: { [`${LTI}version`]: '1.1' } }), 400, 'unsupported_message'],
    ['no resource link', () => launch(h, { claims: { [`${LTI}resource_link`]: undefined } }), 400, 'launch_invalid'],
    ['no lesson parameter', () => launch(h, { claims: { [`${LTI}custom`]: {} } }), 400, 'lesson_missing'],
    ['an unknown lesson', () => launch(h, { claims: { [`${LTI}custom`]: { lesson: 'z-9-nothing' } } }), 404, 'lesson_unknown'],
    ['no usable role', () => launch(h, { claims: { [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'] } }), 403, 'no_role'],
    ['HS256 instead of RS256', async () => {
      const { state, nonce } = await login(h);
      const { SignJWT } = await import('jose');
      const idToken = await new SignJWT(h.platform.claims(nonce)).setProtectedHeader({ alg: 'HS256', kid: h.platform.kid }).setIssuedAt().setExpirationTime('5m').sign(new Uint8Array(32));
      return { res: await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: idToken, state }) };
    }, 400, 'launch_invalid'],
    ['no state', async () => ({ res: await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: 'x' }) }), 400, 'launch_invalid'],
    ['a state it never issued', async () => {
      const { nonce } = await login(h);
      const idToken = await h.platform.sign(h.platform.claims(nonce));
      return { res: await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: idToken, state: 'forged' }) };
    }, 400, 'launch_replayed'],
    ['a malformed id_token', async () => {
      const { state } = await login(h);
      return { res: await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: 'not.a.jwt', state }) };
    }, 400, 'launch_invalid'],
  ];

  it.each(cases)('refuses %s with a localized page, a request id, no session and no rows', async (_name, run, status, code) => {
    const before = await rowCounts();
    const { res } = await run();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain(res.headers['x-request-id']);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const t = h.i18n.getFixedT('vi');
    expect(res.text).toContain(t(`errors:${code}.title`).replace(/&/g, '&amp;').replace(/'/g, '&#x27;'));
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a replayed id_token and state (the second post of the same launch)', async () => {
    const first = await launch(h);
    expect(first.res.status).toBe(303);
    const again = await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: first.idToken, state: first.state });
    expect(again.status).toBe(400);
    expect(again.text).toContain(h.i18n.getFixedT('vi')('errors:launch_replayed.title'));
  });

  it('answers problem JSON to clients that ask for JSON', async () => {
    const res = await request(h.tool.app).post('/lti/launch').set('Accept', 'application/json').type('form').send({ id_token: 'x' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'launch_invalid', requestId: res.headers['x-request-id'] });
  });
});

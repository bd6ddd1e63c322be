import crypto from 'node:crypto';
import { generateKeyPair } from 'jose';
import { AGS, startHarness, type Harness } from './demo-harness';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

const form = (assertion: string, extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion,
  scope: `${AGS.score} ${AGS.nrps} https://example.com/unknown-scope`, ...extra,
});

describe('demo LMS: token endpoint', () => {
  test('grants a bearer token for a correctly signed assertion, with only the known scopes', async () => {
    const res = await h.http.post('/demo/token').type('form').send(form(await h.assertion())).expect(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: `${AGS.score} ${AGS.nrps}` });
    // the token works on a service within its scope
    await h.http.get('/demo/api/contexts/class-7a1/memberships').auth(res.body.access_token, { type: 'bearer' }).expect(200);
  });

  test('refuses a reused jti', async () => {
    const assertion = await h.assertion({ jti: crypto.randomUUID() });
    await h.http.post('/demo/token').type('form').send(form(assertion)).expect(200);
    const again = await h.http.post('/demo/token').type('form').send(form(assertion)).expect(401);
    expect(again.body.error).toBe('invalid_client');
  });

  test('refuses an assertion signed with a key that is not in the tool keyset', async () => {
    const other = await generateKeyPair('RS256');
    const res = await h.http.post('/demo/token').type('form')
      .send(form(await h.assertion({}, { privateKey: other.privateKey, kid: h.toolKey.kid }))).expect(401);
    expect(res.body.error).toBe('invalid_client');
  });

  test('refuses an assertion for another audience or another client', async () => {
    const wrongAud = await h.assertion({ aud: 'https://elsewhere.example/token' });
    expect((await h.http.post('/demo/token').type('form').send(form(wrongAud)).expect(401)).body.error).toBe('invalid_client');
    const wrongSub = await h.assertion({ sub: 'someone-else' });
    expect((await h.http.post('/demo/token').type('form').send(form(wrongSub)).expect(401)).body.error).toBe('invalid_client');
  });

  test('refuses an expired assertion and a tampered one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await h.assertion({ iat: now - 3600, exp: now - 1800 });
    expect((await h.http.post('/demo/token').type('form').send(form(expired)).expect(401)).body.error).toBe('invalid_client');
    const good = await h.assertion();
    const tampered = `${good.split('.').slice(0, 2).join('.')}.${'A'.repeat(342)}`;
    expect((await h.http.post('/demo/token').type('form').send(form(tampered)).expect(401)).body.error).toBe('invalid_client');
  });

  test('answers OAuth 2 errors for malformed requests', async () => {
    const a = await h.assertion();
    expect((await h.http.post('/demo/token').type('form').send(form(a, { grant_type: 'password' })).expect(400)).body.error).toBe('unsupported_grant_type');
    expect((await h.http.post('/demo/token').type('form').send({ grant_type: 'client_credentials' }).expect(400)).body.error).toBe('invalid_request');
    expect((await h.http.post('/demo/token').type('form').send(form(await h.assertion(), { client_assertion_type: 'basic' })).expect(400)).body.error).toBe('invalid_request');
    expect((await h.http.post('/demo/token').type('form').send(form(await h.assertion(), { scope: 'openid email' })).expect(400)).body.error).toBe('invalid_scope');
  });

  test('publishes the platform keyset', async () => {
    const res = await h.http.get('/demo/jwks').expect(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(res.body.keys[0].d).toBeUndefined();
  });
});

/**
 * Demo LMS, platform side of LTI Dynamic Registration: the OpenID configuration, the tools
 * page that starts a registration, and the registration endpoint.
 */
import fs from 'node:fs/promises';
import { PlatformConfiguration } from '../../../src/lti/registration.schemas';
import { decodeHtml, startHarness, type Harness } from './demo-harness';

const TC = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PC = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

function registration(over: Record<string, unknown> = {}, tool: Record<string, unknown> = {}) {
  const b = h.baseUrl;
  return {
    application_type: 'web', response_types: ['id_token'], grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${b}/lti/login`, redirect_uris: [`${b}/lti/launch`], client_name: 'Loopback tool',
    jwks_uri: `${b}/lti/keys`, token_endpoint_auth_method: 'private_key_jwt', scope: `${SCORE} https://example.com/unknown`,
    [TC]: { domain: new URL(b).host, target_link_uri: `${b}/lti/launch`, claims: ['iss', 'sub'], messages: [{ type: 'LtiDeepLinkingRequest' }], ...tool },
    ...over,
  };
}

/** Starts a registration from the tools page, as the admin does; returns the framed URL's parameters. */
async function startRegistration() {
  const res = await h.http.post('/demo/admin/tools/register').type('form').send({ url: `${h.baseUrl}/lti/register` }).expect(200);
  const src = new URL(decodeHtml(/<iframe[^>]*\ssrc="([^"]+)"/.exec(res.text)![1]!));
  const ret = decodeHtml(/data-return="([^"]+)"/.exec(res.text)![1]!);
  return { src, token: src.searchParams.get('registration_token')!, configUrl: src.searchParams.get('openid_configuration')!, ret, html: res.text };
}

const register = (token: string | undefined, body: unknown) => {
  const r = h.http.post('/demo/registrations').set('Content-Type', 'application/json');
  return (token ? r.set('Authorization', `Bearer ${token}`) : r).send(JSON.stringify(body));
};

describe('demo LMS: OpenID configuration', () => {
  test('is well-formed: issuer, endpoints, registration endpoint, LTI platform configuration, scopes', async () => {
    const res = await h.http.get('/demo/.well-known/openid-configuration').expect(200).expect('Content-Type', /json/);
    const c = res.body;
    expect(c.issuer).toBe(`${h.baseUrl}/demo`);
    expect(c).toMatchObject({
      authorization_endpoint: `${h.baseUrl}/demo/auth`, token_endpoint: `${h.baseUrl}/demo/token`, jwks_uri: `${h.baseUrl}/demo/jwks`,
      registration_endpoint: `${h.baseUrl}/demo/registrations`, token_endpoint_auth_methods_supported: ['private_key_jwt'],
      response_types_supported: ['id_token'], id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(c.scopes_supported).toEqual(expect.arrayContaining(['openid', SCORE, 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly']));
    expect(c[PC].product_family_code).toBe('first-shield-demo');
    expect(c[PC].messages_supported.map((m: { type: string }) => m.type)).toEqual(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);
    // what the tool side requires of any platform
    expect(PlatformConfiguration.safeParse(c).success).toBe(true);
  });
});

describe('demo LMS: starting a registration', () => {
  test('the tools page offers registration by URL and frames the tool with the configuration URL and a token', async () => {
    const page = await h.http.get('/demo/admin/tools').expect(200);
    expect(page.text).toContain('Register a tool by URL');
    expect(page.text).toContain(`value="${h.baseUrl}/lti/register"`);
    const s = await startRegistration();
    expect(s.src.origin + s.src.pathname).toBe(`${h.baseUrl}/lti/register`);
    expect(s.configUrl).toBe(`${h.baseUrl}/demo/.well-known/openid-configuration`);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(s.html).toContain('/demo/static/registration-listen.js');
    expect((await startRegistration()).token).not.toBe(s.token);
  });

  test('refuses a cross-origin start and a non-URL', async () => {
    await h.http.post('/demo/admin/tools/register').set('Origin', 'https://evil.example').type('form').send({ url: `${h.baseUrl}/lti/register` }).expect(403);
    await h.http.post('/demo/admin/tools/register').type('form').send({ url: 'javascript:alert(1)' }).expect(400);
  });
});

describe('demo LMS: registration endpoint', () => {
  test('refuses a missing or made-up bearer token', async () => {
    expect((await register(undefined, registration()).expect(401)).body.error).toBe('invalid_token');
    const res = await register('made-up-token', registration()).expect(401);
    expect(res.headers['www-authenticate']).toContain('invalid_token');
  });

  test('refuses a bad tool configuration, and the token stays usable', async () => {
    const { token } = await startRegistration();
    const bad = [
      registration({ jwks_uri: undefined }),
      registration({ token_endpoint_auth_method: 'client_secret_basic' }),
      registration({ response_types: ['code'] }),
      registration({ redirect_uris: [] }),
      registration({}, { target_link_uri: 'https://elsewhere.example/launch' }),
      registration({ initiate_login_uri: 'https://elsewhere.example/login' }),
      registration({}, { domain: undefined }),
    ];
    for (const body of bad) expect((await register(token, body).expect(400)).body.error).toBe('invalid_client_metadata');
    await register(token, registration()).expect(201);
  });

  test('stores the tool with a new client id, answers the registration, and refuses the token a second time', async () => {
    const before = (await h.http.get('/demo/admin/tools').expect(200)).text;
    const { token, ret } = await startRegistration();
    const res = await register(token, registration()).expect(201);
    const clientId = res.body.client_id as string;
    expect(clientId).toMatch(/^dyn-[0-9a-f]{16}$/);
    expect(before).not.toContain(clientId);
    expect(res.body[TC]).toMatchObject({ deployment_id: 'demo-school', target_link_uri: `${h.baseUrl}/lti/launch` });
    expect(res.body.scope).toBe(SCORE);
    const saved = JSON.parse(await fs.readFile(`${h.dataDir}/demo-lms.json`, 'utf8'));
    expect(saved.tools).toContainEqual({
      clientId, name: 'Loopback tool', origin: 'dynamic', loginUrl: `${h.baseUrl}/lti/login`, redirectUris: [`${h.baseUrl}/lti/launch`],
      targetLinkUri: `${h.baseUrl}/lti/launch`, keysetUrl: `${h.baseUrl}/lti/keys`, deploymentIds: ['demo-school'],
    });
    // the tools list, reached as the close message sends the admin back, shows it as new
    const list = await h.http.get(new URL(ret).pathname + new URL(ret).search).expect(200);
    expect(list.text).toContain(`<strong>Registered:</strong> Loopback tool (client id <code>${clientId}</code>`);
    // replay
    expect((await register(token, registration()).expect(401)).body.error).toBe('invalid_token');
    expect(JSON.parse(await fs.readFile(`${h.dataDir}/demo-lms.json`, 'utf8')).tools.filter((t: { clientId: string }) => t.clientId.startsWith('dyn-')).length)
      .toBe(saved.tools.filter((t: { clientId: string }) => t.clientId.startsWith('dyn-')).length);
  });

  test('the new client can authenticate at the token endpoint with its own key', async () => {
    const { token } = await startRegistration();
    const clientId = (await register(token, registration()).expect(201)).body.client_id as string;
    const res = await h.http.post('/demo/token').type('form').send({
      grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await h.assertion({ iss: clientId, sub: clientId }), scope: SCORE,
    }).expect(200);
    expect(res.body.token_type).toBe('Bearer');
  });
});

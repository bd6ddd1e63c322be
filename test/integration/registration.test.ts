/**
 * LTI Dynamic Registration, tool side, against a loopback platform (OpenID configuration +
 * registration endpoint on 127.0.0.1) that records what the tool sends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createHarness, type Harness } from '../helpers/test-app';

const PC = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TC = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const S = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  result: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
};

interface Received { headers: http.IncomingHttpHeaders; body: string }

class RegistrationPlatform {
  url = '';
  configRequests: Received[] = [];
  registrations: Received[] = [];
  issuer?: string;
  configBody?: string;
  registerStatus = 201;
  answer: (req: Record<string, unknown>) => Record<string, unknown> = (req) => ({
    ...req, client_id: 'dyn-client-1', [TC]: { ...(req[TC] as object), deployment_id: 'dyn-deployment-1' },
  });
  scopes = ['openid', S.lineItem, S.score, S.result];
  private server = http.createServer((req, res) => { void this.handle(req, res); });

  get configUrl() { return `${this.url}/lms/.well-known/openid-configuration`; }

  config() {
    return {
      issuer: this.issuer ?? `${this.url}/lms`,
      authorization_endpoint: `${this.url}/lms/auth`, token_endpoint: `${this.url}/lms/token`, jwks_uri: `${this.url}/lms/jwks`,
      registration_endpoint: `${this.url}/lms/register`, scopes_supported: this.scopes,
      token_endpoint_auth_methods_supported: ['private_key_jwt'], response_types_supported: ['id_token'],
      [PC]: { product_family_code: 'loopback-lms', version: '4.3', messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }], variables: [] },
    };
  }

  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop() { this.server.closeAllConnections(); return new Promise<void>((r) => this.server.close(() => r())); }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, text: string) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(text); };
    if (req.url === '/lms/.well-known/openid-configuration') {
      this.configRequests.push({ headers: req.headers, body });
      return send(200, this.configBody ?? JSON.stringify(this.config()));
    }
    if (req.url === '/lms/register' && req.method === 'POST') {
      this.registrations.push({ headers: req.headers, body });
      if (this.registerStatus >= 300) return send(this.registerStatus, JSON.stringify({ error: 'invalid_token' }));
      return send(this.registerStatus, JSON.stringify(this.answer(JSON.parse(body))));
    }
    send(404, '{}');
  }
}

let h: Harness;
let lms: RegistrationPlatform;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(async () => { await h.reset(); lms = await new RegistrationPlatform().start(); });
afterEach(async () => { await lms.stop(); });

const start = (query: Record<string, string> = {}, lang = 'en') => request(h.tool.app).get('/lti/register')
  .set('Accept-Language', lang).query({ openid_configuration: lms.configUrl, registration_token: 'reg-token-1', ...query });

function formOf(html: string) {
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;|&#x3D;/g, (m) => (m === '&amp;' ? '&' : '='));
  return { action: action!, session: field('session')!, token: field('token')! };
}

const confirm = (f: ReturnType<typeof formOf>, names = '') =>
  request(h.tool.app).post(f.action).set('Accept-Language', 'en').type('form').send({ session: f.session, token: f.token, names });

async function dynamicPlatforms() {
  return (await h.tool.platforms.list()).filter((p) => p.issuer === `${lms.url}/lms`);
}

describe('dynamic registration: confirmation page', () => {
  test('lists the tool, its URLs, messages, supported services only, privacy and the platform; stores nothing yet', async () => {
    const res = await start().expect(200);
    expect(res.text).toContain('Register First Shield with your LMS');
    expect(res.text).toContain('/static/img/shield.svg');
    for (const u of ['http://tool.test/lti/launch', 'http://tool.test/lti/login', 'http://tool.test/lti/keys']) expect(res.text).toContain(u);
    expect(res.text).toContain('LtiResourceLinkRequest');
    expect(res.text).toContain('LtiDeepLinkingRequest');
    for (const s of ['Create gradebook columns', 'Send students&#x27; scores', 'Read back the gradebook results']) expect(res.text).toMatch(new RegExp(`<li>${s}`));
    // NRPS is not in the platform's scopes_supported: not asked for, and said so
    expect(res.text).not.toMatch(/<li>Read class lists/);
    expect(res.text).toMatch(/Not offered by your LMS[^<]*Read class lists/);
    expect(res.text).toContain('Privacy: no name or email needed');
    expect(res.text).toMatch(/name="names" value="yes"/);
    expect(res.text).toContain(`loopback-lms at ${new URL(lms.url).host}`);
    expect(res.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${lms.url}`);
    expect(lms.configRequests[0]!.headers.authorization).toBe('Bearer reg-token-1');
    expect(lms.registrations).toHaveLength(0);
    expect(await dynamicPlatforms()).toHaveLength(0);
  });

  test('is localized', async () => {
    const res = await start({}, 'vi').expect(200);
    expect(res.text).toContain('Đăng ký First Shield với LMS của bạn');
    expect(res.text).toContain('lang="vi"');
  });
});

describe('dynamic registration: confirm', () => {
  test('sends a well-formed registration request and stores platform + deployment with the returned ids', async () => {
    const f = formOf((await start().expect(200)).text);
    const res = await confirm(f).expect(200);
    expect(res.text).toContain('Done — you can close this window');
    expect(res.text).toMatch(/<script src="\/static\/js\/registration-close\.js\?v=[0-9a-f]{12}"><\/script>/);
    expect(lms.registrations).toHaveLength(1);
    const sent = lms.registrations[0]!;
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.headers.authorization).toBe('Bearer reg-token-1');
    const body = JSON.parse(sent.body);
    // lti-dr §3.5.2 / OpenID DCR: every field the spec requires, with the values it requires
    expect(body).toMatchObject({
      application_type: 'web', response_types: ['id_token'], grant_types: expect.arrayContaining(['implicit', 'client_credentials']),
      initiate_login_uri: 'http://tool.test/lti/login', redirect_uris: ['http://tool.test/lti/launch'], client_name: 'First Shield',
      jwks_uri: 'http://tool.test/lti/keys', logo_uri: 'http://tool.test/static/img/shield.svg', token_endpoint_auth_method: 'private_key_jwt',
    });
    expect(body.scope.split(' ').sort()).toEqual([S.lineItem, S.result, S.score].sort());
    expect(body[TC]).toMatchObject({ domain: 'tool.test', target_link_uri: 'http://tool.test/lti/launch', claims: ['iss', 'sub'] });
    expect(typeof body[TC].description).toBe('string');
    expect(body[TC].messages).toEqual([
      { type: 'LtiResourceLinkRequest', target_link_uri: 'http://tool.test/lti/launch' },
      { type: 'LtiDeepLinkingRequest', target_link_uri: 'http://tool.test/lti/launch', label: 'First Shield' },
    ]);
    const [p] = await dynamicPlatforms();
    expect(p).toMatchObject({
      clientId: 'dyn-client-1', name: `loopback-lms (${new URL(lms.url).host})`,
      authUrl: `${lms.url}/lms/auth`, tokenUrl: `${lms.url}/lms/token`, keysetUrl: `${lms.url}/lms/jwks`,
    });
    expect(p!.deployments.map((d) => d.deploymentId)).toEqual(['dyn-deployment-1']);
  });

  test('asks for the name claim only when the school chooses it, and never for email', async () => {
    await confirm(formOf((await start().expect(200)).text), 'yes').expect(200);
    const body = JSON.parse(lms.registrations[0]!.body);
    expect(body[TC].claims).toEqual(['iss', 'sub', 'name']);
    expect(JSON.stringify(body)).not.toContain('email');
  });

  test('a replayed confirmation token is refused and registers nothing more', async () => {
    const f = formOf((await start().expect(200)).text);
    await confirm(f).expect(200);
    const again = await confirm(f).expect(400);
    expect(again.text).toContain('This confirmation has expired or was already used');
    expect(lms.registrations).toHaveLength(1);
    expect(await dynamicPlatforms()).toHaveLength(1);
  });

  test('a forged token is refused, consumes the session, and sends nothing', async () => {
    const f = formOf((await start().expect(200)).text);
    await confirm({ ...f, token: 'x'.repeat(43) }).expect(400);
    await confirm(f).expect(400);
    expect(lms.registrations).toHaveLength(0);
    expect(await dynamicPlatforms()).toHaveLength(0);
  });

  test('a 4xx from the registration endpoint is a 502 page with a request id; nothing stored', async () => {
    lms.registerStatus = 401;
    const res = await confirm(formOf((await start().expect(200)).text)).expect(502);
    expect(res.text).toContain('Your LMS refused the registration');
    expect(res.text).toContain(res.headers['x-request-id']);
    expect(await dynamicPlatforms()).toHaveLength(0);
  });

  test('an answer without a deployment_id is refused; nothing stored', async () => {
    lms.answer = (req) => ({ ...req, client_id: 'dyn-client-2' });
    const res = await confirm(formOf((await start().expect(200)).text)).expect(502);
    expect(res.text).toContain('without a client id or a deployment id');
    expect(await dynamicPlatforms()).toHaveLength(0);
  });
});

describe('dynamic registration: refusals before confirmation', () => {
  test('issuer on another origin than the configuration URL', async () => {
    lms.issuer = 'https://lms.example.org';
    const res = await start().expect(400);
    expect(res.text).toContain('The LMS configuration does not match its address');
    expect(res.text).toContain(res.headers['x-request-id']);
    expect(res.text).not.toContain('name="token"');
    expect(await h.tool.platforms.list()).toHaveLength(1); // only the harness's platform
  });

  test('configuration unreachable', async () => {
    const url = lms.configUrl;
    await lms.stop();
    const res = await request(h.tool.app).get('/lti/register').set('Accept-Language', 'en').query({ openid_configuration: url }).expect(502);
    expect(res.text).toContain('Your LMS could not be reached');
    lms = await new RegistrationPlatform().start();
  });

  test('configuration that is not JSON, or not an LTI platform configuration', async () => {
    lms.configBody = '<html>not json</html>';
    expect((await start().expect(502)).text).toContain('could not be read');
    lms.configBody = JSON.stringify({ ...lms.config(), [PC]: undefined });
    expect((await start().expect(502)).text).toContain('not with a valid LTI 1.3 platform configuration');
  });

  test('plain http to a non-loopback host, and a missing parameter', async () => {
    const res = await request(h.tool.app).get('/lti/register').set('Accept-Language', 'en')
      .query({ openid_configuration: 'http://lms.example.org/.well-known/openid-configuration' }).expect(400);
    expect(res.text).toContain('This LMS address is not secure');
    expect((await request(h.tool.app).get('/lti/register').set('Accept-Language', 'en').expect(400)).text).toContain('registration link is incomplete');
    expect(lms.configRequests).toHaveLength(0);
  });
});

/**
 * Browser binding of the OIDC login (login CSRF): a launch whose state is valid server-side but
 * comes back to another browser is refused; the cookie path, the frame cookie check with its
 * "open in a new window" page, and the LTI Platform Storage path (put at login, get at launch,
 * same-origin completion) all work. See src/lti/state-binding.ts.
 */
import request from 'supertest';
import { createStateBinding } from '../../src/lti/state-binding';
import { createHarness, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
const attr = (html: string, name: string) => decode(new RegExp(`${name}="([^"]*)"`).exec(html)?.[1] ?? '');
const initiation = (extra: Record<string, string> = {}) => ({
  iss: h.platform.issuer, login_hint: 'hint-1', target_link_uri: 'http://tool.test/lti/launch',
  client_id: h.platform.clientId, lti_deployment_id: h.platform.deploymentId, lti_message_hint: 'm-1', ...extra,
});

async function cookieLogin(agent: ReturnType<typeof request.agent>) {
  const res = await agent.get('/lti/login').query(initiation());
  expect(res.status).toBe(302);
  const url = new URL(res.headers.location!);
  return { res, state: url.searchParams.get('state')!, nonce: url.searchParams.get('nonce')! };
}
const signed = (nonce: string) => h.platform.sign(h.platform.claims(nonce));

describe('cookie binding', () => {
  it('sets an HttpOnly cookie named after the state (SameSite=Lax on a plain-http public URL) and launches with it', async () => {
    const agent = request.agent(h.tool.app);
    const { res, state, nonce } = await cookieLogin(agent);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^lti_state_[\w-]{22}=[\w-]{43}; Path=\/lti; Max-Age=600; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toContain(state);
    const launch = await agent.post('/lti/launch').type('form').send({ id_token: await signed(nonce), state });
    expect(launch.status).toBe(303);
    expect(launch.headers.location).toMatch(/^\/play\//);
  });

  it('uses SameSite=None; Secure; Partitioned over https and on loopback hosts', async () => {
    const secret = async () => new Uint8Array(32);
    for (const publicUrl of ['https://tool.example', 'http://localhost:3000', 'http://127.0.0.1:3000']) {
      const c = await createStateBinding({ secret, publicUrl }).setCookie('s');
      expect(c).toMatch(/; HttpOnly; SameSite=None; Secure; Partitioned$/);
    }
  });

  it('refuses a valid launch that comes back to another browser (no cookie), and spends the state', async () => {
    const { state, nonce } = await cookieLogin(request.agent(h.tool.app));
    const idToken = await signed(nonce);
    const other = await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: idToken, state });
    expect(other.status).toBe(403);
    expect(other.headers.location).toBeUndefined();
    expect(other.text).toContain(h.i18n.getFixedT('vi')('lti:lti-unbound.title'));
    expect(other.text).toContain(other.headers['x-request-id']);
    const again = await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: idToken, state });
    expect(again.status).toBe(400); // launch_replayed: the refused attempt consumed the state
  });

  it('refuses a launch whose cookie holds the wrong value (a cookie tossed from elsewhere)', async () => {
    const agent = request.agent(h.tool.app);
    const { res, state, nonce } = await cookieLogin(agent);
    const name = String(res.headers['set-cookie']).split('=')[0];
    const forged = await request(h.tool.app).post('/lti/launch').set('Cookie', `${name}=${'A'.repeat(43)}`)
      .set('Accept', 'application/json').type('form').send({ id_token: await signed(nonce), state });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ code: 'launch_unbound', status: 403 });
    expect((await agent.post('/lti/launch').type('form').send({ id_token: await signed(nonce), state })).status).toBe(400);
  });
});

describe('in a frame: cookie check and "open in a new window"', () => {
  it('goes on to the platform when the cookie came back', async () => {
    const agent = request.agent(h.tool.app);
    const first = await agent.get('/lti/login').set('Sec-Fetch-Dest', 'iframe').query(initiation());
    expect(first.status).toBe(302);
    expect(first.headers.location).toMatch(/^\/lti\/login\/check\?t=/);
    const check = await agent.get(first.headers.location!);
    expect(check.status).toBe(302);
    expect(check.headers.location!.startsWith(`${h.platform.url}/auth?`)).toBe(true);
  });

  it.each(['vi', 'en', 'fr', 'id'])('offers a localized new-window restart (%s) when the cookie was blocked', async (lng) => {
    const first = await request(h.tool.app).get('/lti/login').set('Sec-Fetch-Dest', 'iframe').query(initiation());
    const page = await request(h.tool.app).get(`${first.headers.location}&lang=${lng}`);
    expect(page.status).toBe(200);
    const t = h.i18n.getFixedT(lng);
    expect(page.text).toContain(t('lti:lti-new-window.title'));
    expect(page.text).toMatch(/<a [^>]*id="lti-new-window"[^>]*target="_blank"/);
    const restart = new URL(attr(page.text.slice(page.text.indexOf('id="lti-new-window"')), 'href'), 'http://x');
    expect(restart.pathname).toBe('/lti/login');
    expect(Object.fromEntries(restart.searchParams)).toEqual(initiation());
    expect(page.text).not.toMatch(/<script(?![^>]*src=)/); // no inline script
  });

  it('refuses an altered or expired check token', async () => {
    const first = await request(h.tool.app).get('/lti/login').set('Sec-Fetch-Dest', 'iframe').query(initiation());
    const res = await request(h.tool.app).get(`${first.headers.location}x`).set('Accept', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('launch_expired');
  });
});

describe('LTI Platform Storage binding', () => {
  async function storageLogin(target = '_parent') {
    const res = await request(h.tool.app).get('/lti/login').query(initiation({ lti_storage_target: target }));
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const redirect = new URL(attr(res.text, 'data-redirect'));
    return { res, rawState: redirect.searchParams.get('state')!, nonce: redirect.searchParams.get('nonce')!, value: attr(res.text, 'data-value'), key: attr(res.text, 'data-key') };
  }
  const complete = (body: Record<string, unknown>, origin = 'http://tool.test') =>
    request(h.tool.app).post('/lti/launch/complete').set('Origin', origin).set('Sec-Fetch-Site', 'same-origin').set('Accept', 'application/json').send(body);

  it('puts the binding at login, reads it at launch and completes with a same-origin fetch', async () => {
    const { res, rawState, nonce, value, key } = await storageLogin('lti_storage_frame');
    expect(attr(res.text, 'data-target')).toBe('lti_storage_frame');
    expect(attr(res.text, 'data-origin')).toBe(h.platform.url);
    expect(new URL(attr(res.text, 'data-fallback'), 'http://x').searchParams.has('lti_storage_target')).toBe(false);
    expect(res.text).not.toMatch(/<script(?![^>]*src=)/);
    const state = rawState.split('.')[0]!;
    expect(key).toBe(`state_${state}`);
    const idToken = await signed(nonce);
    const page = await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: idToken, state: rawState });
    expect(page.status).toBe(200);
    expect(attr(page.text, 'data-key')).toBe(key);
    expect(attr(page.text, 'data-target')).toBe('lti_storage_frame');
    expect(attr(page.text, 'data-origin')).toBe(h.platform.url);
    const done = await complete({ id_token: attr(page.text, 'data-id-token'), state: attr(page.text, 'data-state'), value });
    expect(done.status).toBe(200);
    expect(done.body.location).toMatch(/^\/play\/[0-9a-f-]{36}\?s=/);
  });

  it('refuses another browser (no or wrong value from storage) and spends the state', async () => {
    const { rawState, nonce } = await storageLogin();
    const state = rawState.split('.')[0]!;
    const idToken = await signed(nonce);
    const bad = await complete({ id_token: idToken, state, value: 'not-the-value' });
    expect(bad.status).toBe(403);
    expect(bad.body.code).toBe('launch_unbound');
    const late = await complete({ id_token: idToken, state, value: await createStateBinding({ secret: h.tool.keys.sessionSecret, publicUrl: 'http://tool.test' }).value(state, 'storage') });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('launch_replayed');
  });

  it('accepts the completion only as same-origin JSON', async () => {
    const { rawState, nonce, value } = await storageLogin();
    const state = rawState.split('.')[0]!;
    const body = { id_token: await signed(nonce), state, value };
    expect((await complete(body, 'https://evil.example')).status).toBe(403);
    expect((await request(h.tool.app).post('/lti/launch/complete').set('Origin', 'http://tool.test').set('Accept', 'application/json').type('form').send(body)).status).toBe(403);
    expect((await request(h.tool.app).post('/lti/launch/complete').set('Origin', 'http://tool.test').set('Sec-Fetch-Site', 'cross-site').set('Accept', 'application/json').send(body)).status).toBe(403);
    expect((await complete(body)).status).toBe(200); // the refusals above did not spend the state
  });

  it('still refuses a broken launch with the pipeline error (the page is only for launches that name a known platform)', async () => {
    const { rawState } = await storageLogin();
    const res = await request(h.tool.app).post('/lti/launch').type('form').send({ id_token: 'not.a.jwt', state: rawState });
    expect(res.status).toBe(400);
  });
});

it('has the same keys in every locale', () => {
  const keys = (lng: string) => JSON.stringify(Object.keys(h.i18n.getResourceBundle(lng, 'lti')).sort());
  for (const lng of ['en', 'fr', 'id']) expect(keys(lng)).toBe(keys('vi'));
});

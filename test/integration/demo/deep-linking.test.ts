/**
 * Deep Linking 2.0 in the demo LMS: "Add a First Shield activity" starts a deep-linking launch;
 * the tool's response (built here, signed with the fake tool's key that the harness serves as
 * its JWKS) creates resource links and gradebook columns, and every malformed or replayed
 * response is refused without creating anything.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createLocalJWKSet, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { authParams, decodeHtml, formField, launch, startHarness, AGS, type Harness } from './demo-harness';

const C = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

interface SavedState {
  resourceLinks: Array<{ id: string; contextId: string; title: string; origin: string; custom: Record<string, string>; lineItemId?: string; text?: string }>;
  lineItems: Array<{ id: string; contextId: string; scoreMaximum: number; label: string; resourceId?: string; resourceLinkId?: string; tag?: string; createdBy: string }>;
}
const saved = async (): Promise<SavedState> => JSON.parse(await fs.readFile(path.join(h.dataDir, 'demo-lms.json'), 'utf8')) as SavedState;
const counts = async () => { const s = await saved(); return { links: s.resourceLinks.length, lineItems: s.lineItems.length }; };

/** Opens "Add a First Shield activity" as the teacher and returns the tool login URL it frames. */
async function addActivityLogin(user = 't-lan', classId = 'class-7a1'): Promise<URL> {
  const page = await h.http.get(`/demo/classes/${classId}/add-activity`).query({ user, locale: 'en' }).expect(200);
  const m = /<iframe[^>]*\ssrc="([^"]+)"/.exec(page.text);
  if (!m?.[1]) throw new Error('no iframe in the add-activity page');
  return new URL(decodeHtml(m[1]));
}

/** Runs the deep-linking launch and returns the verified LtiDeepLinkingRequest claims. */
async function deepLinkingRequest(): Promise<JWTPayload> {
  const res = await h.http.get('/demo/auth').query(authParams(await addActivityLogin())).expect(200);
  const jwks = (await h.http.get('/demo/jwks').expect(200)).body as { keys: JWK[] };
  const { payload } = await jwtVerify(formField(res.text, 'id_token') ?? '', createLocalJWKSet(jwks), {
    issuer: `${h.baseUrl}/demo`, audience: 'first-shield-demo', algorithms: ['RS256'],
  });
  return payload;
}
const settingsOf = (p: JWTPayload) => p[`${DL}deep_linking_settings`] as Record<string, unknown>;

function item(lesson: string, title: string, lineItem = true) {
  return {
    type: 'ltiResourceLink', title, text: `About ${title}`, url: `${h.baseUrl}/lti/launch`, custom: { lesson },
    ...(lineItem ? { lineItem: { scoreMaximum: 100, label: title, resourceId: lesson, tag: 'first-shield' } } : {}),
  };
}

/** A Deep Linking response as the tool builds it (src/lti/deep-linking.ts), with overrides. */
async function response(data: unknown, over: JWTPayload = {}, key = h.toolKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: 'first-shield-demo', aud: `${h.baseUrl}/demo`, iat: now, exp: now + 600,
    nonce: crypto.randomBytes(12).toString('base64url'),
    [`${C}message_type`]: 'LtiDeepLinkingResponse',
    [`${C}version`]: '1.3.0',
    [`${C}deployment_id`]: 'demo-school',
    [`${DL}data`]: data,
    [`${DL}content_items`]: [item('stranger-chat', 'Chatting with strangers'), item('spot-the-scam', 'Spot the scam')],
    ...over,
  }).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}
const post = (jwt: string) => h.http.post('/demo/deep-link-return').type('form').send({ JWT: jwt });

describe('demo LMS: adding activities with Deep Linking 2.0', () => {
  test('the class page offers "Add a First Shield activity" to its teacher, framing a deep-linking login', async () => {
    const page = await h.http.get('/demo/classes/class-7a1').expect(200);
    expect(page.text).toContain('Add a First Shield activity');
    expect(decodeHtml(page.text)).toContain('/demo/classes/class-7a1/add-activity?user=t-lan');
    const login = await addActivityLogin();
    expect(`${login.origin}${login.pathname}`).toBe(`${h.baseUrl}/lti/login`);
    expect(login.searchParams.get('login_hint')).toBe('t-lan');
    expect(login.searchParams.get('lti_message_hint')).toMatch(/^[\w-]{20,}$/);
    expect(login.searchParams.get('lti_deployment_id')).toBe('demo-school');
    await h.http.get('/demo/classes/class-7a1/add-activity').query({ user: 's-7a1-01' }).expect(403);
    await h.http.get('/demo/classes/class-7a1/add-activity').expect(400);
  });

  test('the authorization endpoint answers a deep-linking hint with a well-formed LtiDeepLinkingRequest', async () => {
    const p = await deepLinkingRequest();
    expect(p[`${C}message_type`]).toBe('LtiDeepLinkingRequest');
    expect(p[`${C}version`]).toBe('1.3.0');
    expect(p[`${C}deployment_id`]).toBe('demo-school');
    expect(p.sub).toBe('t-lan');
    expect(p.nonce).toBe('nonce-456');
    expect(p[`${C}roles`]).toContain(INSTRUCTOR);
    expect(p[`${C}context`]).toMatchObject({ id: 'class-7a1', label: '7A1' });
    expect(p[`${C}resource_link`]).toBeUndefined();
    expect(p[`${C}custom`]).toBeUndefined();
    const s = settingsOf(p);
    expect(s).toMatchObject({
      deep_link_return_url: `${h.baseUrl}/demo/deep-link-return`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      auto_create: true,
    });
    expect(s.data).toMatch(/^[\w-]{20,}$/);
    expect(settingsOf(await deepLinkingRequest()).data).not.toBe(s.data); // one value per request
  });

  test('a valid response creates one link per item and its gradebook column at once', async () => {
    const before = await counts();
    const data = settingsOf(await deepLinkingRequest()).data;
    const res = await post(await response(data, {
      [`${DL}content_items`]: [item('stranger-chat', 'Chatting with strangers'), item('spot-the-scam', 'Spot the scam'), item('spot-the-scam', 'Ungraded practice', false)],
      [`${DL}msg`]: 'Three lessons added',
    })).expect(200);
    expect(res.text).toContain('3 activities added');
    expect(res.text).toContain('Three lessons added');
    expect(decodeHtml(res.text)).toContain(`href="${h.baseUrl}/demo/classes/class-7a1?locale=en" target="_top"`);

    const s = await saved();
    const added = s.resourceLinks.filter((l) => l.origin === 'deep-linking');
    expect(added).toHaveLength(3);
    expect(await counts()).toEqual({ links: before.links + 3, lineItems: before.lineItems + 2 });
    const [first, , ungraded] = added;
    expect(first).toMatchObject({ contextId: 'class-7a1', title: 'Chatting with strangers', custom: { lesson: 'stranger-chat' }, text: 'About Chatting with strangers' });
    expect(ungraded!.lineItemId).toBeUndefined();
    expect(s.lineItems.find((li) => li.id === first!.lineItemId)).toMatchObject({
      contextId: 'class-7a1', scoreMaximum: 100, label: 'Chatting with strangers', resourceId: 'stranger-chat',
      tag: 'first-shield', resourceLinkId: first!.id, createdBy: 'deep-linking',
    });

    // The class page, the home page and the gradebook show them before anyone submits.
    const page = await h.http.get('/demo/classes/class-7a1').expect(200);
    expect(page.text).toContain('Ungraded practice');
    expect(decodeHtml(page.text)).toContain(`link=${first!.id}&user=s-7a1-01`);
    expect(decodeHtml((await h.http.get('/demo').expect(200)).text)).toContain(`link=${first!.id}&user=t-lan`);
    const gradebook = await h.http.get('/demo/classes/class-7a1/gradebook').expect(200);
    expect(gradebook.text).toContain(`data-line-item="${first!.lineItemId}"`);

    // The tool sees the column through AGS, and a student launch carries the link and its line item.
    const token = await h.token([AGS.lineItem]);
    const lis = await h.http.get('/demo/api/contexts/class-7a1/lineitems').query({ resource_link_id: first!.id }).set('Authorization', `Bearer ${token}`).expect(200);
    expect(JSON.parse(lis.text)).toEqual([expect.objectContaining({ resourceLinkId: first!.id, tag: 'first-shield' })]);
    const { payload } = await launch(h, first!.id, 's-7a1-02');
    expect(payload[`${C}resource_link`]).toEqual({ id: first!.id, title: 'Chatting with strangers' });
    expect(payload[`${C}custom`]).toEqual({ lesson: 'stranger-chat' });
    expect((payload['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as { lineitem: string }).lineitem)
      .toBe(`${h.baseUrl}/demo/api/contexts/class-7a1/lineitems/${first!.lineItemId}`);
  });

  const refused: Array<[string, (data: unknown) => Promise<string>, RegExp]> = [
    ['a bad signature', async (data) => response(data, {}, { privateKey: (await generateKeyPair('RS256')).privateKey, kid: h.toolKey.kid }), /bad_signature/],
    ['a wrong aud', (data) => response(data, { aud: 'https://other-lms.example/demo' }), /bad_aud/],
    ['a wrong deployment', (data) => response(data, { [`${C}deployment_id`]: 'other-school' }), /bad_deployment/],
    ['an empty item list', (data) => response(data, { [`${DL}content_items`]: [] }), /no_items/],
    ['a made-up data value', () => response('made-up-data-value'), /bad_data/],
    ['a type the LMS did not offer', (data) => response(data, { [`${DL}content_items`]: [{ type: 'link', url: 'https://example.com' }] }), /bad_items/],
    ['the wrong message type', (data) => response(data, { [`${C}message_type`]: 'LtiResourceLinkRequest' }), /bad_message_type/],
  ];
  test.each(refused)('refuses %s with a 400 page and creates nothing', async (_name, build, code) => {
    const data = settingsOf(await deepLinkingRequest()).data;
    const before = await counts();
    const res = await post(await build(data)).expect(400);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('No activity added');
    expect(res.text).toMatch(code);
    expect(await counts()).toEqual(before);
  });

  test('refuses a replayed data value (and a replayed JWT), creating nothing more', async () => {
    const data = settingsOf(await deepLinkingRequest()).data;
    const jwt = await response(data, { [`${DL}content_items`]: [item('spot-the-scam', 'Spot the scam')] });
    await post(jwt).expect(200);
    const after = await counts();
    const again = await post(await response(data)).expect(400); // same data, fresh nonce
    expect(again.text).toMatch(/bad_data/);
    await post(jwt).expect(400); // the very same JWT
    expect(await counts()).toEqual(after);
  });

  test('refuses a response whose nonce was already used, even with a live data value', async () => {
    const data = settingsOf(await deepLinkingRequest()).data;
    const nonce = 'nonce-used-once';
    await post(await response(data, { nonce, [`${DL}content_items`]: [] })).expect(400); // nothing chosen: data stays live
    const before = await counts();
    const res = await post(await response(data, { nonce })).expect(400);
    expect(res.text).toMatch(/replayed/);
    expect(await counts()).toEqual(before);
    await post(await response(data)).expect(200); // a fresh response to the same request still works
  });

  test('refuses a post without a JWT field', async () => {
    await h.http.post('/demo/deep-link-return').type('form').send({ id_token: 'x' }).expect(400);
  });

  test('the teacher can remove an activity added by deep linking, with its column; seeded ones stay', async () => {
    const data = settingsOf(await deepLinkingRequest()).data;
    await post(await response(data, { [`${DL}content_items`]: [item('stranger-chat', 'To be removed')] })).expect(200);
    const link = (await saved()).resourceLinks.find((l) => l.title === 'To be removed')!;
    expect((await h.http.get('/demo/classes/class-7a1').expect(200)).text).toContain(`/activities/${link.id}/remove`);
    await h.http.post(`/demo/classes/class-7a1/activities/${link.id}/remove`).set('Origin', 'https://evil.example').expect(403);
    const res = await h.http.post(`/demo/classes/class-7a1/activities/${link.id}/remove`).expect(303);
    expect(res.headers.location).toContain('/demo/classes/class-7a1');
    const s = await saved();
    expect(s.resourceLinks.some((l) => l.id === link.id)).toBe(false);
    expect(s.lineItems.some((li) => li.id === link.lineItemId || li.resourceLinkId === link.id)).toBe(false);
    await h.http.post('/demo/classes/class-7a1/activities/rl-7a1-stranger-chat/remove').expect(400);
    expect((await saved()).resourceLinks.some((l) => l.id === 'rl-7a1-stranger-chat')).toBe(true);
  });
});

/**
 * Deep Linking 2.0 against the loopback platform: a teacher's deep-linking launch opens the
 * library; the selection comes back as a JWT that verifies with the tool's JWKS and carries the
 * right iss/aud/nonce/deployment and well-formed ltiResourceLink items with line items.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const INSTRUCTOR = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'];

function dlClaims(over: Record<string, unknown> = {}) {
  return {
    [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
    [`${LTI}roles`]: INSTRUCTOR,
    [`${LTI}resource_link`]: undefined,
    [`${LTI}target_link_uri`]: undefined,
    [`${LTI}custom`]: undefined,
    'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
      deep_link_return_url: `${h.platform.url}/deep-link-return`,
      accept_types: ['ltiResourceLink'], accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true, auto_create: true, data: 'opaque-platform-data-123',
    },
    ...over,
  };
}

async function openLibrary(over: Record<string, unknown> = {}) {
  const { res } = await launch(h, { claims: dlClaims(over) });
  expect(res.status).toBe(303);
  return sessionFrom(res.headers.location!);
}

describe('deep linking', () => {
  it('opens the library with filters, search and previews', async () => {
    const s = await openLibrary();
    expect(s.path).toBe('/library');
    const page = await request(h.tool.app).get(`${s.url}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="b-3-scams-aimed-at-teens"');
    expect(page.text).toContain('/library/preview/b-3-scams-aimed-at-teens');
    const byBand = await request(h.tool.app).get(`${s.url}&lang=en&band=A`);
    expect(byBand.text).not.toContain('value="b-3-scams-aimed-at-teens"');
    const search = await request(h.tool.app).get(`${s.url}&q=${encodeURIComponent('lua dao')}`);
    expect(search.text).toContain('value="b-3-scams-aimed-at-teens"');
  });

  it('returns the selection as a signed LtiDeepLinkingResponse with line items', async () => {
    const s = await openLibrary();
    const res = await request(h.tool.app).post('/library/select?lang=en').type('form').send({ s: s.token, lesson: ['b-3-scams-aimed-at-teens'] });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`action="${h.platform.url}/deep-link-return"`);
    const jwt = /name="JWT" value="([^"]+)"/.exec(res.text)![1]!;
    const jwks = (await request(h.tool.app).get('/lti/keys')).body;
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: h.platform.clientId, audience: h.platform.issuer, algorithms: ['RS256'] });
    expect(decodeProtectedHeader(jwt).kid).toBe(jwks.keys[0].kid);
    expect(payload.nonce).toEqual(expect.any(String));
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(600);
    expect(payload[`${LTI}message_type`]).toBe('LtiDeepLinkingResponse');
    expect(payload[`${LTI}version`]).toBe('1.3.0');
    expect(payload[`${LTI}deployment_id`]).toBe(h.platform.deploymentId);
    expect(payload[`${DL}data`]).toBe('opaque-platform-data-123');
    const items = payload[`${DL}content_items`] as Array<Record<string, unknown>>;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      type: 'ltiResourceLink', url: 'http://tool.test/lti/launch', custom: { lesson: 'b-3-scams-aimed-at-teens' },
      lineItem: { scoreMaximum: 100, resourceId: 'b-3-scams-aimed-at-teens', tag: 'first-shield' },
    });
    expect((items[0]!.lineItem as { label: string }).label).toBe(items[0]!.title);
  });

  it('leaves line items out when the LMS does not accept them', async () => {
    const s = await openLibrary({
      'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${h.platform.url}/r`, accept_types: ['ltiResourceLink'], accept_lineitem: false },
    });
    const res = await request(h.tool.app).post('/library/select').type('form').send({ s: s.token, lesson: 'b-3-scams-aimed-at-teens' });
    const jwt = /name="JWT" value="([^"]+)"/.exec(res.text)![1]!;
    const { payload } = await jwtVerify(jwt, createLocalJWKSet((await request(h.tool.app).get('/lti/keys')).body));
    const [item] = payload[`${DL}content_items`] as Array<Record<string, unknown>>;
    expect(item!.custom).toEqual({ lesson: 'b-3-scams-aimed-at-teens' });
    expect(item!.lineItem).toBeUndefined();
  });

  it('refuses an empty or unknown selection, and several where the LMS takes one', async () => {
    const s = await openLibrary();
    expect((await request(h.tool.app).post('/library/select').type('form').send({ s: s.token })).status).toBe(400);
    expect((await request(h.tool.app).post('/library/select').type('form').send({ s: s.token, lesson: 'z-9-none' })).status).toBe(404);
    const single = await openLibrary({
      'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${h.platform.url}/r`, accept_types: ['ltiResourceLink'], accept_multiple: false },
    });
    const two = await request(h.tool.app).post('/library/select').type('form').send({ s: single.token, lesson: ['b-3-scams-aimed-at-teens', 'b-3-scams-aimed-at-teens-copy'] });
    expect(two.status).toBe(400);
  });

  it('refuses learners, LMSs that do not take resource links, and sessions without deep linking', async () => {
    const learner = await launch(h, { claims: dlClaims({ [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] }) });
    expect(learner.res.status).toBe(403);
    const files = await launch(h, { claims: dlClaims({ 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${h.platform.url}/r`, accept_types: ['file'] } }) });
    expect(files.res.status).toBe(400);
    const teacher = await launch(h, { claims: { [`${LTI}roles`]: INSTRUCTOR } });
    const t = sessionFrom(teacher.res.headers.location!);
    expect((await request(h.tool.app).get(`/library?s=${t.token}`)).status).toBe(403);
  });

  it('previews a lesson as a student sees it, recording nothing', async () => {
    const s = await openLibrary();
    const page = await request(h.tool.app).get(`/library/preview/b-3-scams-aimed-at-teens?s=${s.token}&lang=en`);
    expect(page.status).toBe(200);
    const lesson = h.catalog.latest('b-3-scams-aimed-at-teens')!;
    const spot = lesson.manifest.steps.find((st) => st.kind === 'spot')!;
    const flagged = spot.kind === 'spot' ? spot.artefact.segments.filter((x) => x.flag).map((x) => x.id) : [];
    const check = await request(h.tool.app).post('/api/preview/b-3-scams-aimed-at-teens/v1/answers').set('Authorization', `Bearer ${s.token}`).send({ key: spot.id, answer: flagged });
    expect(check.status).toBe(200);
    expect(check.body.correct).toBe(true);
    const rows = await h.testDb.database.db.execute(sql`select (select count(*)::int from attempt) as attempts, (select count(*)::int from assignment) as assignments`);
    expect((rows as unknown as { rows: unknown[] }).rows[0]).toEqual({ attempts: 0, assignments: 0 });
  });
});

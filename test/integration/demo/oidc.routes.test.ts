import { authParams, launch, loginUrlFor, formField, startHarness, type Harness } from './demo-harness';

const C = 'https://purl.imsglobal.org/spec/lti/claim/';
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

describe('demo LMS: launch page and OIDC authorization endpoint', () => {
  test('registers the platform with the fixed values', () => {
    expect(h.registrations).toEqual([{
      issuer: `${h.baseUrl}/demo`, clientId: 'first-shield-demo', name: expect.any(String),
      authUrl: `${h.baseUrl}/demo/auth`, tokenUrl: `${h.baseUrl}/demo/token`, keysetUrl: `${h.baseUrl}/demo/jwks`,
      deploymentId: 'demo-school', deploymentName: 'Trường THCS Nguyễn Du (demo)',
    }]);
  });

  test('home page lists both classes, the launch buttons and the administrator report', async () => {
    const res = await h.http.get('/demo').expect(200);
    expect(res.text).toContain('Lớp 7A1');
    expect(res.text).toContain('Lớp 8A2');
    expect(res.text).toContain('Launch as Cô Nguyễn Thị Lan');
    expect(res.text).toContain('Launch as Trần Minh Khôi');
    expect(res.text).toContain('Open school report as administrator');
    expect(res.text).not.toMatch(/<script(?![^>]*src=)/); // CSP: no inline script
  });

  test('the launch page frames the tool login initiation with a third-party-initiated login', async () => {
    const login = await loginUrlFor(h, 'rl-7a1-stranger-chat', 's-7a1-01');
    expect(`${login.origin}${login.pathname}`).toBe(`${h.baseUrl}/lti/login`);
    expect(login.searchParams.get('iss')).toBe(`${h.baseUrl}/demo`);
    expect(login.searchParams.get('login_hint')).toBe('s-7a1-01');
    expect(login.searchParams.get('target_link_uri')).toBe(`${h.baseUrl}/lti/launch`);
    expect(login.searchParams.get('client_id')).toBe('first-shield-demo');
    expect(login.searchParams.get('lti_deployment_id')).toBe('demo-school');
    expect(login.searchParams.get('lti_message_hint')).toMatch(/^[\w-]{20,}$/);
  });

  test('a student launch returns a form_post whose id_token verifies and carries the LTI claims', async () => {
    const { payload: p, protectedHeader, html, login } = await launch(h, 'rl-7a1-stranger-chat', 's-7a1-01');
    expect(html).toContain(`action="${h.baseUrl}/lti/launch"`);
    expect(html).toMatch(/<script src="[^"]*\/demo\/static\/auto-submit\.js"/);
    expect(html).toContain('type="submit"');
    expect(formField(html, 'state')).toBe('state-123');
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(p.sub).toBe('s-7a1-01');
    expect(p.azp).toBe('first-shield-demo');
    expect(p.nonce).toBe('nonce-456');
    expect((p.exp as number) - (p.iat as number)).toBe(300);
    expect(p).toMatchObject({ name: 'Trần Minh Khôi', given_name: 'Khôi', family_name: 'Trần Minh' });
    expect(p.email).toBeUndefined();
    expect(p[`${C}message_type`]).toBe('LtiResourceLinkRequest');
    expect(p[`${C}version`]).toBe('1.3.0');
    expect(p[`${C}deployment_id`]).toBe('demo-school');
    expect(p[`${C}target_link_uri`]).toBe(`${h.baseUrl}/lti/launch`);
    expect(p[`${C}resource_link`]).toEqual({ id: 'rl-7a1-stranger-chat', title: 'Trò chuyện với người lạ' });
    expect(p[`${C}roles`]).toEqual(expect.arrayContaining(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']));
    expect(p[`${C}roles`]).not.toContain('http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor');
    expect(p[`${C}context`]).toMatchObject({ id: 'class-7a1', label: '7A1', title: 'Lớp 7A1' });
    expect(p[`${C}custom`]).toEqual({ lesson: 'stranger-chat' });
    expect(p[`${C}launch_presentation`]).toEqual({ locale: 'vi', document_target: 'iframe', return_url: `${h.baseUrl}/demo/classes/class-7a1` });
    expect(p[`${C}tool_platform`]).toMatchObject({ guid: expect.any(String), product_family_code: 'first-shield-demo' });
    const ags = p['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as Record<string, unknown>;
    expect(ags.scope).toEqual([
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    ]);
    expect(ags.lineitems).toBe(`${h.baseUrl}/demo/api/contexts/class-7a1/lineitems`);
    expect(ags.lineitem).toMatch(new RegExp(`^${h.baseUrl}/demo/api/contexts/class-7a1/lineitems/\\w+$`));
    expect(p['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice']).toEqual({
      context_memberships_url: `${h.baseUrl}/demo/api/contexts/class-7a1/memberships`, service_versions: ['2.0'],
    });
    expect(login.searchParams.get('login_hint')).toBe(p.sub);
  });

  test('a teacher launch in English carries the Instructor role and the chosen locale', async () => {
    const { payload: p } = await launch(h, 'rl-8a2-stranger-chat', 't-lan', 'en');
    expect(p[`${C}roles`]).toContain('http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor');
    expect((p[`${C}launch_presentation`] as { locale: string }).locale).toBe('en');
    expect((p[`${C}context`] as { id: string }).id).toBe('class-8a2');
  });

  test('the administrator launch opens the school report in the school context, without a lesson', async () => {
    const { payload: p } = await launch(h, 'rl-school-report', 'a-hung');
    expect(p[`${C}roles`]).toContain('http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator');
    expect(p[`${C}custom`]).toBeUndefined();
    expect((p[`${C}context`] as { id: string }).id).toBe('school-nguyen-du');
    expect((p['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as Record<string, unknown>).lineitem).toBeUndefined();
  });

  test('the authorization endpoint also accepts POST', async () => {
    const login = await loginUrlFor(h, 'rl-7a1-stranger-chat', 's-7a1-02');
    const res = await h.http.post('/demo/auth').type('form').send(authParams(login)).expect(200);
    expect(formField(res.text, 'id_token')).toMatch(/^ey/);
  });

  test('a person who is not in the class cannot be launched there', async () => {
    await h.http.get('/demo/launch').query({ link: 'rl-7a1-stranger-chat', user: 's-8a2-01' }).expect(403);
  });

  const bad: Array<[string, Record<string, string | undefined>]> = [
    ['missing nonce', { nonce: undefined }],
    ['missing state', { state: undefined }],
    ['scope other than openid', { scope: 'profile' }],
    ['response_type code', { response_type: 'code' }],
    ['response_mode query', { response_mode: 'query' }],
    ['prompt login', { prompt: 'login' }],
    ['unknown client_id', { client_id: 'someone-else' }],
    ['unregistered redirect_uri', { redirect_uri: 'https://evil.example/launch' }],
    ['login_hint of another user', { login_hint: 's-7a1-02' }],
    ['unknown lti_message_hint', { lti_message_hint: 'made-up' }],
  ];
  test.each(bad)('refuses a request with %s (400 error page, no id_token)', async (_name, overrides) => {
    const login = await loginUrlFor(h, 'rl-7a1-stranger-chat', 's-7a1-01');
    const res = await h.http.get('/demo/auth').query(authParams(login, overrides)).expect(400);
    expect(res.type).toBe('text/html');
    expect(res.text).not.toContain('name="id_token"');
    expect(res.text).toContain('Launch refused');
  });
});

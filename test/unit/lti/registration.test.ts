import { buildRegistrationRequest, checkUrl, platformName, requestedScopes } from '../../../src/lti/registration';
import { createRegistrationSessions } from '../../../src/lti/registration-sessions';
import { PlatformConfiguration } from '../../../src/lti/registration.schemas';

const PC = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const base = {
  issuer: 'https://lms.example.org', authorization_endpoint: 'https://lms.example.org/auth', token_endpoint: 'https://lms.example.org/token',
  jwks_uri: 'https://lms.example.org/jwks', registration_endpoint: 'https://lms.example.org/register',
  scopes_supported: ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'],
};

describe('platform configuration schema', () => {
  test('reads Moodle-style message strings as the spec\'s objects', () => {
    const c = PlatformConfiguration.parse({ ...base, [PC]: { product_family_code: 'moodle', version: '4.1', messages_supported: ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] } });
    expect(c[PC].messages_supported.map((m) => m.type)).toEqual(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);
  });
  test('requires the endpoints, scopes and the LTI platform claim', () => {
    expect(PlatformConfiguration.safeParse({ ...base, [PC]: undefined }).success).toBe(false);
    const { registration_endpoint: _r, ...noReg } = base;
    expect(PlatformConfiguration.safeParse({ ...noReg, [PC]: { product_family_code: 'x', messages_supported: [] } }).success).toBe(false);
  });
});

describe('registration request', () => {
  const config = PlatformConfiguration.parse({ ...base, [PC]: { product_family_code: 'canvas', messages_supported: [{ type: 'LtiResourceLinkRequest' }] } });
  test('asks only for supported scopes and leaves out deep linking when unsupported', () => {
    expect(requestedScopes(config)).toEqual(['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly']);
    const req = buildRegistrationRequest('https://tool.example.org/', config, { names: false, description: 'd' });
    expect(req['https://purl.imsglobal.org/spec/lti-tool-configuration'].messages.map((m) => m.type)).toEqual(['LtiResourceLinkRequest']);
    expect(req.initiate_login_uri).toBe('https://tool.example.org/lti/login');
    expect(platformName(config)).toBe('canvas (lms.example.org)');
  });
});

describe('checkUrl', () => {
  test('https always; http only for loopback when allowed; never credentials', () => {
    expect(checkUrl('https://lms.example.org/x', { allowHttpLoopback: false }).host).toBe('lms.example.org');
    expect(() => checkUrl('http://127.0.0.1:9/x', { allowHttpLoopback: false })).toThrow();
    expect(checkUrl('http://localhost:9/x', { allowHttpLoopback: true }).port).toBe('9');
    expect(() => checkUrl('http://10.0.0.1/x', { allowHttpLoopback: true })).toThrow();
    expect(() => checkUrl('https://u:p@lms.example.org/', { allowHttpLoopback: true })).toThrow();
    expect(() => checkUrl('file:///etc/passwd', { allowHttpLoopback: true })).toThrow();
  });
});

describe('registration sessions', () => {
  const pending = { configUrl: 'https://lms.example.org/c', config: {} as never };
  test('a token works once', () => {
    const s = createRegistrationSessions();
    const { id, token } = s.create(pending);
    expect(s.take(id, token)).toBe(pending);
    expect(s.take(id, token)).toBeUndefined();
  });
  test('a wrong token consumes the session', () => {
    const s = createRegistrationSessions();
    const { id, token } = s.create(pending);
    expect(s.take(id, 'wrong')).toBeUndefined();
    expect(s.take(id, token)).toBeUndefined();
  });
  test('sessions expire, and memory is bounded', () => {
    let now = 0;
    const s = createRegistrationSessions({ ttlMs: 1000, max: 3, now: () => now });
    const a = s.create(pending);
    now = 1000;
    expect(s.take(a.id, a.token)).toBeUndefined();
    for (let i = 0; i < 10; i++) s.create(pending);
    expect(s.size).toBeLessThanOrEqual(3);
  });
});

import { SignJWT } from 'jose';
import { createSessionTokens } from '../../../src/lti';

const secret = new Uint8Array(32).fill(3);
const claims = { uid: 'u1', dep: 'd1', ctx: 'c1', asg: 'a1', role: 'learner' as const, lng: 'vi' };

describe('session tokens', () => {
  it('round-trips the claims it binds (user, context, deployment, launch)', async () => {
    const s = createSessionTokens(async () => secret);
    const token = await s.issue(claims);
    const back = await s.verify(token);
    expect(back).toMatchObject(claims);
    expect(back.lid).toMatch(/[0-9a-f-]{36}/);
  });

  it.each([
    ['missing', undefined],
    ['garbage', 'abc'],
  ])('refuses a %s token with session_invalid (401)', async (_n, token) => {
    await expect(createSessionTokens(async () => secret).verify(token)).rejects.toMatchObject({ code: 'session_invalid', status: 401 });
  });

  it('refuses a token signed with another secret, an expired one and a tampered one', async () => {
    const s = createSessionTokens(async () => secret);
    const other = await createSessionTokens(async () => new Uint8Array(32).fill(4)).issue(claims);
    await expect(s.verify(other)).rejects.toMatchObject({ code: 'session_invalid' });
    const expired = await createSessionTokens(async () => secret, -10).issue(claims);
    await expect(s.verify(expired)).rejects.toMatchObject({ code: 'session_invalid' });
    const good = await s.issue(claims);
    const [h, , sig] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'instructor', iss: 'first-shield' })).toString('base64url')}.${sig}`;
    await expect(s.verify(forged)).rejects.toMatchObject({ code: 'session_invalid' });
    const wrongIssuer = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('other').setExpirationTime('1h').sign(secret);
    await expect(s.verify(wrongIssuer)).rejects.toMatchObject({ code: 'session_invalid' });
  });
});

import { AGS, startHarness, type Harness } from './demo-harness';

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
let h: Harness;
let token: string;
beforeAll(async () => { h = await startHarness(); token = await h.token([AGS.nrps]); });
afterAll(async () => { await h.close(); });
const path = (url: string) => new URL(url).pathname + new URL(url).search;

describe('demo LMS: NRPS memberships', () => {
  test('lists the class with names and roles, in the NRPS media type', async () => {
    const res = await h.http.get('/demo/api/contexts/class-7a1/memberships').auth(token, { type: 'bearer' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.ims\.lti-nrps\.v2\.membershipcontainer\+json/);
    const body = JSON.parse(res.text);
    expect(body.id).toBe(`${h.baseUrl}/demo/api/contexts/class-7a1/memberships`);
    expect(body.context).toEqual({ id: 'class-7a1', label: '7A1', title: 'Lớp 7A1' });
    expect(body.members).toHaveLength(4);
    expect(body.members).toContainEqual({
      user_id: 's-7a1-02', status: 'Active', name: 'Lê Thu Hà', given_name: 'Hà', family_name: 'Lê Thu', roles: [LEARNER],
    });
    expect(body.members).toContainEqual(expect.objectContaining({ user_id: 't-lan', roles: [INSTRUCTOR] }));
    expect(body.members.every((m: Record<string, unknown>) => m.email === undefined)).toBe(true);
  });

  test('pages with limit and Link rel="next" until every member is seen once', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/demo/api/contexts/class-8a2/memberships?limit=3';
    let pages = 0;
    while (url) {
      const res: { text: string; headers: Record<string, string> } = await h.http.get(url).auth(token, { type: 'bearer' }).expect(200);
      const members = JSON.parse(res.text).members as Array<{ user_id: string }>;
      expect(members.length).toBeLessThanOrEqual(3);
      seen.push(...members.map((m) => m.user_id));
      const next = /<([^>]+)>; rel="next"/.exec(res.headers.link ?? '')?.[1];
      url = next ? path(next) : undefined;
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(['s-8a2-01', 's-8a2-02', 's-8a2-03', 't-lan']);
  });

  test('filters by role, by full URI or short name, and keeps the filter in the next link', async () => {
    const full = await h.http.get('/demo/api/contexts/class-8a2/memberships').query({ role: LEARNER }).auth(token, { type: 'bearer' }).expect(200);
    expect(JSON.parse(full.text).members.map((m: { user_id: string }) => m.user_id).sort()).toEqual(['s-8a2-01', 's-8a2-02', 's-8a2-03']);
    const short = await h.http.get('/demo/api/contexts/class-8a2/memberships?role=Instructor&limit=10').auth(token, { type: 'bearer' }).expect(200);
    expect(JSON.parse(short.text).members.map((m: { user_id: string }) => m.user_id)).toEqual(['t-lan']);
    const paged = await h.http.get('/demo/api/contexts/class-8a2/memberships?role=Learner&limit=2').auth(token, { type: 'bearer' }).expect(200);
    expect(paged.headers.link).toMatch(/role=Learner[^>]*>; rel="next"/);
  });

  test('needs the NRPS scope and a known context', async () => {
    await h.http.get('/demo/api/contexts/class-7a1/memberships').expect(401);
    const agsOnly = await h.token([AGS.score]);
    await h.http.get('/demo/api/contexts/class-7a1/memberships').auth(agsOnly, { type: 'bearer' }).expect(403);
    await h.http.get('/demo/api/contexts/nope/memberships').auth(token, { type: 'bearer' }).expect(404);
  });
});

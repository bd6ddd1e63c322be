import fs from 'node:fs/promises';
import path from 'node:path';
import { AGS, launch, startHarness, type Harness } from './demo-harness';

const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
let h: Harness;
let token: string;
let scoresPath: string;
beforeAll(async () => {
  h = await startHarness();
  token = await h.token([AGS.score]);
  const { payload } = await launch(h, 'rl-8a2-stranger-chat', 's-8a2-01');
  scoresPath = `${new URL((payload[AGS_CLAIM] as { lineitem: string }).lineitem).pathname}/scores`;
});
afterAll(async () => { await h.close(); });

let clock = Date.parse('2025-04-01T00:00:00Z');
const post = () => h.http.post(scoresPath).auth(token, { type: 'bearer' }).set('Content-Type', 'application/vnd.ims.lis.v1.score+json')
  .send(JSON.stringify({ userId: 's-8a2-01', scoreGiven: 7, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date(clock += 1000).toISOString() }));

describe('demo LMS: fault switch', () => {
  test('is off by default', async () => {
    const res = await h.http.get('/demo/admin/faults').set('Accept', 'application/json').expect(200);
    expect(res.body).toEqual({ faults: [] });
    await post().expect(204);
  });

  test('makes the next N score posts answer 500, then recovers', async () => {
    await h.http.post('/demo/admin/faults').send({ status: 500, count: 2 }).expect(200);
    expect((await h.http.get('/demo/admin/faults').set('Accept', 'application/json')).body.faults).toEqual([{ target: 'score-post', status: 500, remaining: 2 }]);
    await post().expect(500);
    await post().expect(500);
    await post().expect(204);
    expect((await h.http.get('/demo/admin/faults').set('Accept', 'application/json')).body.faults).toEqual([]);
  });

  test('429 comes with Retry-After; the form switches it on and count 0 switches it off', async () => {
    await h.http.post('/demo/admin/faults').type('form').send({ status: '429', count: '3' }).expect(303);
    const res = await post().expect(429);
    expect(res.headers['retry-after']).toBe('1');
    const page = await h.http.get('/demo/admin/faults').expect(200);
    expect(page.text).toContain('the next <strong>2</strong>');
    await h.http.post('/demo/admin/faults').send({ status: 429, count: 0 }).expect(200);
    await post().expect(204);
  });

  test('refuses an invalid setting and a cross-origin post', async () => {
    await h.http.post('/demo/admin/faults').send({ status: 404, count: 1 }).expect(400);
    await h.http.post('/demo/admin/faults').set('Origin', 'https://evil.example').send({ status: 500, count: 1 }).expect(403);
    expect((await h.http.get('/demo/admin/faults').set('Accept', 'application/json')).body.faults).toEqual([]);
  });
});

describe('demo LMS: persisted state', () => {
  test('survives a restart: same platform key, same scores, and a switch stays set', async () => {
    await h.http.post('/demo/admin/faults').send({ status: 503, count: 5 }).expect(200);
    const file = JSON.parse(await fs.readFile(path.join(h.dataDir, 'demo-lms.json'), 'utf8'));
    expect(file.scores).toHaveLength(1);
    expect(file.faults).toEqual([{ target: 'score-post', status: 503, remaining: 5 }]);
    expect((await fs.readdir(h.dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const kid = (await h.http.get('/demo/jwks')).body.keys[0].kid;
    const again = await startHarness({ dataDir: h.dataDir });
    try {
      expect((await again.http.get('/demo/jwks')).body.keys[0].kid).toBe(kid);
      expect((await again.http.get('/demo/classes/class-8a2/gradebook')).text).toContain('7 / 10');
      expect((await again.http.get('/demo/admin/faults').set('Accept', 'application/json')).body.faults[0].remaining).toBe(5);
    } finally { await again.close(); }
  });

  test('with an empty catalogue the classes have no activity, only the school report', async () => {
    const empty = await startHarness({ lessons: [] });
    try {
      const file = JSON.parse(await fs.readFile(path.join(empty.dataDir, 'demo-lms.json'), 'utf8'));
      expect(file.resourceLinks.map((l: { id: string }) => l.id)).toEqual(['rl-school-report']);
      expect(file.lineItems).toEqual([]);
      expect((await empty.http.get('/demo').expect(200)).text).toContain('No activity');
    } finally { await empty.close(); }
  });
});

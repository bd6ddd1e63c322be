import { AGS, launch, startHarness, type Harness } from './demo-harness';

const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
let h: Harness;
let token: string;
let lineItemUrl: string;
const path = (url: string) => new URL(url).pathname + new URL(url).search;

beforeAll(async () => {
  h = await startHarness();
  token = await h.token([AGS.lineItem, AGS.resultReadonly, AGS.score]);
  const { payload } = await launch(h, 'rl-7a1-stranger-chat', 's-7a1-01');
  lineItemUrl = (payload[AGS_CLAIM] as { lineitem: string }).lineitem;
});
afterAll(async () => { await h.close(); });

const score = (over: Record<string, unknown> = {}) => ({
  userId: 's-7a1-01', scoreGiven: 80, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded',
  timestamp: '2025-03-01T10:00:00.000Z', ...over,
});
const postScore = (body: object, t = token) => h.http.post(`${path(lineItemUrl)}/scores`)
  .set('Content-Type', 'application/vnd.ims.lis.v1.score+json').auth(t, { type: 'bearer' }).send(JSON.stringify(body));
const gradebook = async () => (await h.http.get('/demo/classes/class-7a1/gradebook').expect(200)).text;
const cellOf = (html: string, userId: string) => {
  const row = new RegExp(`<tr data-user="${userId}">([\\s\\S]*?)</tr>`).exec(html);
  return row?.[1] ?? '';
};

describe('demo LMS: AGS line items', () => {
  test('the seeded line item is in the container, with the AGS media type and filters', async () => {
    const res = await h.http.get('/demo/api/contexts/class-7a1/lineitems').auth(token, { type: 'bearer' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.ims\.lis\.v2\.lineitemcontainer\+json/);
    expect(JSON.parse(res.text)).toEqual([{
      id: lineItemUrl, scoreMaximum: 100, label: 'Trò chuyện với người lạ', resourceId: 'stranger-chat', resourceLinkId: 'rl-7a1-stranger-chat',
    }]);
    const none = await h.http.get('/demo/api/contexts/class-7a1/lineitems?resource_link_id=nope').auth(token, { type: 'bearer' }).expect(200);
    expect(JSON.parse(none.text)).toEqual([]);
  });

  test('create, read, update, page and delete a line item', async () => {
    const created = await h.http.post('/demo/api/contexts/class-7a1/lineitems').auth(token, { type: 'bearer' })
      .set('Content-Type', 'application/vnd.ims.lis.v2.lineitem+json')
      .send(JSON.stringify({ scoreMaximum: 10, label: 'Bonus quiz', tag: 'bonus', resourceId: 'quiz-1' })).expect(201);
    const li = JSON.parse(created.text);
    expect(li).toMatchObject({ scoreMaximum: 10, label: 'Bonus quiz', tag: 'bonus' });
    expect(created.headers['content-type']).toMatch(/lineitem\+json/);
    const byTag = await h.http.get('/demo/api/contexts/class-7a1/lineitems?tag=bonus').auth(token, { type: 'bearer' }).expect(200);
    expect(JSON.parse(byTag.text).map((x: { id: string }) => x.id)).toEqual([li.id]);
    const page1 = await h.http.get('/demo/api/contexts/class-7a1/lineitems?limit=1').auth(token, { type: 'bearer' }).expect(200);
    expect(JSON.parse(page1.text)).toHaveLength(1);
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.link ?? '')?.[1];
    expect(next).toBeDefined();
    const page2 = await h.http.get(path(next!)).auth(token, { type: 'bearer' }).expect(200);
    expect(JSON.parse(page2.text)[0].id).not.toBe(JSON.parse(page1.text)[0].id);
    expect(page2.headers.link ?? '').not.toContain('rel="next"');
    const put = await h.http.put(path(li.id)).auth(token, { type: 'bearer' }).set('Content-Type', 'application/vnd.ims.lis.v2.lineitem+json')
      .send(JSON.stringify({ ...li, label: 'Bonus quiz (v2)', scoreMaximum: 20 })).expect(200);
    expect(JSON.parse(put.text)).toMatchObject({ id: li.id, label: 'Bonus quiz (v2)', scoreMaximum: 20 });
    expect(JSON.parse((await h.http.get(path(li.id)).auth(token, { type: 'bearer' }).expect(200)).text).label).toBe('Bonus quiz (v2)');
    await h.http.delete(path(li.id)).auth(token, { type: 'bearer' }).expect(204);
    await h.http.get(path(li.id)).auth(token, { type: 'bearer' }).expect(404);
  });

  test('refuses a line item without label or with a resource link of another class', async () => {
    await h.http.post('/demo/api/contexts/class-7a1/lineitems').auth(token, { type: 'bearer' }).send({ scoreMaximum: 10 }).expect(400);
    await h.http.post('/demo/api/contexts/class-7a1/lineitems').auth(token, { type: 'bearer' })
      .send({ scoreMaximum: 10, label: 'x', resourceLinkId: 'rl-8a2-stranger-chat' }).expect(400);
  });

  test('requires a bearer token with the right scope', async () => {
    await h.http.get('/demo/api/contexts/class-7a1/lineitems').expect(401);
    await h.http.get('/demo/api/contexts/class-7a1/lineitems').auth('made-up', { type: 'bearer' }).expect(401);
    const nrpsOnly = await h.token([AGS.nrps]);
    await h.http.get('/demo/api/contexts/class-7a1/lineitems').auth(nrpsOnly, { type: 'bearer' }).expect(403);
    await postScore(score(), nrpsOnly).expect(403);
  });
});

describe('demo LMS: AGS scores and results', () => {
  test('a posted score shows in the gradebook and in the results', async () => {
    expect(cellOf(await gradebook(), 's-7a1-01')).toContain('No score');
    await postScore(score()).expect(204);
    const cell = cellOf(await gradebook(), 's-7a1-01');
    expect(cell).toContain('80 / 100');
    expect(cell).toContain('Completed');
    expect(cell).toContain('FullyGraded');
    expect(cell).toContain('2025-03-01T10:00:00.000Z');
    expect(cell).toContain('Raw score JSON');
    const res = await h.http.get(`${path(lineItemUrl)}/results`).auth(token, { type: 'bearer' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.ims\.lis\.v2\.resultcontainer\+json/);
    expect(JSON.parse(res.text)).toEqual([{
      id: `${lineItemUrl}/results/s-7a1-01`, scoreOf: lineItemUrl, userId: 's-7a1-01', resultScore: 80, resultMaximum: 100,
    }]);
  });

  test('a score with an older timestamp is ignored; a newer one replaces it', async () => {
    await postScore(score({ userId: 's-7a1-02', scoreGiven: 60, timestamp: '2025-03-02T10:00:00.000Z' })).expect(204);
    await postScore(score({ userId: 's-7a1-02', scoreGiven: 95, timestamp: '2025-03-02T09:00:00.000Z' })).expect(204);
    expect(cellOf(await gradebook(), 's-7a1-02')).toContain('60 / 100');
    await postScore(score({ userId: 's-7a1-02', scoreGiven: 70, timestamp: '2025-03-02T11:00:00+07:00' })).expect(204); // = 04:00Z, older
    expect(cellOf(await gradebook(), 's-7a1-02')).toContain('60 / 100');
    await postScore(score({ userId: 's-7a1-02', scoreGiven: 90, timestamp: '2025-03-02T10:00:01.000Z' })).expect(204);
    expect(cellOf(await gradebook(), 's-7a1-02')).toContain('90 / 100');
  });

  test('a progress-only score (no scoreGiven) is kept', async () => {
    await postScore({ userId: 's-7a1-03', activityProgress: 'Started', gradingProgress: 'NotReady', timestamp: '2025-03-03T08:00:00Z' }).expect(204);
    const cell = cellOf(await gradebook(), 's-7a1-03');
    expect(cell).toContain('Started');
    expect(cell).toContain('NotReady');
  });

  test.each([
    ['no timestamp', { timestamp: undefined }],
    ['a timestamp without time zone', { timestamp: '2025-03-01T10:00:00' }],
    ['an unknown activityProgress', { activityProgress: 'Done' }],
    ['an unknown gradingProgress', { gradingProgress: 'Graded' }],
    ['scoreGiven above scoreMaximum', { scoreGiven: 101 }],
    ['scoreGiven without scoreMaximum', { scoreMaximum: undefined }],
    ['a negative scoreGiven', { scoreGiven: -1 }],
    ['a user outside the class', { userId: 's-8a2-01' }],
    ['no userId', { userId: undefined }],
  ])('refuses a score with %s', async (_name, over) => {
    const res = await postScore(score({ timestamp: '2030-01-01T00:00:00Z', ...over })).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect(cellOf(await gradebook(), 's-7a1-01')).toContain('80 / 100');
  });

  test('scores for an unknown line item answer 404', async () => {
    await h.http.post('/demo/api/contexts/class-7a1/lineitems/nope/scores').auth(token, { type: 'bearer' }).send(score()).expect(404);
  });
});

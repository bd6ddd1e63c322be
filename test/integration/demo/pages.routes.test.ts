import { startHarness, type Harness } from './demo-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

describe('demo LMS: pages', () => {
  test('class page lists people and launch links; unknown class is 404', async () => {
    const res = await h.http.get('/demo/classes/class-8a2').expect(200);
    expect(res.text).toContain('Lớp 8A2');
    expect(res.text).toContain('Đặng Bảo Ngọc');
    expect(res.text).toContain('Launch as Cô Nguyễn Thị Lan');
    expect(res.text).not.toContain('Trần Minh Khôi'); // a 7A1 student
    await h.http.get('/demo/classes/nope').expect(404);
  });

  test('the launch page shows the LMS chrome and the tool in an iframe; bad launches are refused', async () => {
    const res = await h.http.get('/demo/launch').query({ link: 'rl-7a1-stranger-chat', user: 't-lan', locale: 'en' }).expect(200);
    expect(res.text).toMatch(/<iframe[^>]+title="First Shield: /);
    expect(res.text).toContain('Cô Nguyễn Thị Lan');
    expect(res.text).toContain('(teacher)');
    await h.http.get('/demo/launch').expect(400);
    await h.http.get('/demo/launch').query({ link: 'nope', user: 't-lan' }).expect(404);
  });

  test('serves its own CSS and script (no external assets)', async () => {
    const css = await h.http.get('/demo/static/demo.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.text).not.toMatch(/https?:\/\//);
    await h.http.get('/demo/static/auto-submit.js').expect(200).expect('content-type', /javascript/);
    const home = await h.http.get('/demo').expect(200);
    expect(home.text).not.toMatch(/(src|href)="https?:\/\/(?!127\.0\.0\.1)/);
  });

  test('gradebook lists the students of the class against its line items', async () => {
    const res = await h.http.get('/demo/classes/class-7a1/gradebook').expect(200);
    expect(res.text).toContain('Trò chuyện với người lạ');
    expect(res.text).toContain('data-user="s-7a1-03"');
    expect(res.text).not.toContain('data-user="t-lan"');
  });
});

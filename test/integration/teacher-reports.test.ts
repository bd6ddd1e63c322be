/**
 * What the teacher learns from the class: per-question results with the class's misconception
 * (and its feedback in the teacher's language), objective counts, the CSV export, the course
 * view across assignments, and the printable guide and family note.
 */
import request from 'supertest';
import { createHarness, type Harness } from '../helpers/test-app';
import { LEARNER, launchStudent, launchTeacher, nrpsClaim, play } from './teacher-helpers';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });

const EVIL = '=HYPERLINK("http://evil.test","x")';
let teacher: { path: string; token: string; url: string };

/** Three students submit: two choose "send the code" on the must-pass OTP item, one of them also misses every warning sign. */
beforeAll(async () => {
  await h.reset();
  h.platform.nrpsMembers = [{ user_id: 'never-launched', roles: [LEARNER], name: 'Đỗ Quang Huy' }];
  h.platform.nrpsPageSize = 10;
  const a = await launchStudent(h, 'sub-a', { name: EVIL });
  await play(h, a, { 'quiz/otp-never-share': ['send-code'] });
  const b = await launchStudent(h, 'sub-b', { name: undefined });
  await play(h, b, { 'quiz/otp-never-share': ['send-code'], 'spot-sms': ['bank-name'] });
  const c = await launchStudent(h, 'sub-c', { name: 'Nguyễn Văn An' });
  await play(h, c);
  teacher = await launchTeacher(h);
});

const questionBlock = (html: string, key: string) => html.split(`data-key="${key}"`)[1]?.split('</li>')[0] ?? '';

describe('per question and per objective', () => {
  it('shows percent correct and the most chosen wrong option with its feedback in the teacher\'s language', async () => {
    const vi = (await request(h.tool.app).get(teacher.url)).text;
    const otp = questionBlock(vi, 'quiz/otp-never-share');
    expect(otp).toContain('33%');
    expect(otp).toContain('1/3 học sinh làm đúng');
    expect(otp).toContain('Đáp án sai được chọn nhiều nhất');
    expect(otp).toContain('(2 học sinh)');
    expect(otp).toContain(h.catalog.latest('b-3-scams-aimed-at-teens')!.texts.vi['quiz.otp-never-share.send-code.feedback']!.replace(/"/g, '&quot;').slice(0, 40));
    const spot = questionBlock(vi, 'spot-sms');
    expect(spot).toContain('67%');
    expect(spot).toContain('Dấu hiệu cảnh báo bị bỏ sót nhiều nhất');
    // fr falls back to the lesson's English text, with the UI in French
    const fr = (await request(h.tool.app).get(`${teacher.url}&lang=fr`)).text;
    const frOtp = questionBlock(fr, 'quiz/otp-never-share');
    expect(frOtp).toContain('Mauvaise réponse la plus choisie');
    expect(frOtp).toContain(h.catalog.latest('b-3-scams-aimed-at-teens')!.texts.en['quiz.otp-never-share.send-code.feedback']!.replace(/'/g, '&#x27;').slice(0, 30));
  });

  it('counts students per competence level for each objective', async () => {
    const html = (await request(h.tool.app).get(`${teacher.url}&lang=en`)).text;
    const text = h.catalog.latest('b-3-scams-aimed-at-teens')!.texts.en['objective.never-share-otp'] ?? '';
    const row = html.split('<table class="objectives">')[1]!.split('<tr>').find((r) => r.includes('never share') || r.includes(text.slice(0, 20)))!;
    expect(row).toMatch(/data-level="secure">1</);
    expect(row).toMatch(/data-level="developing">0</);
    expect(row).toMatch(/data-level="misconception">2</);
  });
});

describe('CSV export', () => {
  it('is an attachment with a BOM, localized headers, one row per student and neutralised formulas', async () => {
    for (const url of [`${teacher.path}/export.csv?s=${teacher.token}`, `${teacher.url}&format=csv`]) {
      const res = await request(h.tool.app).get(url).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="/);
      expect(res.text.charCodeAt(0)).toBe(0xfeff);
      const lines = res.text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toBe('Học sinh,Trạng thái,Điểm (%),Số lượt,Thời gian học (phút),Hoạt động gần nhất,Sổ điểm,Lỗi gửi điểm');
      expect(lines).toHaveLength(5); // header + 3 who played + 1 from the LMS class list
      expect(lines.find((l) => l.startsWith('"\'=HYPERLINK'))).toMatch(/^"'=HYPERLINK\(""http:\/\/evil.test"",""x""\)",Chưa đạt,\d+,1,/);
      expect(lines).toContainEqual(expect.stringMatching(/^Nguyễn Văn An,Đạt,100,1,/));
      expect(lines).toContainEqual(expect.stringMatching(/^Học sinh 1,Chưa đạt,\d+,1,/));
      expect(lines).toContainEqual('Đỗ Quang Huy,Chưa bắt đầu,,0,0,,,');
      expect(lines.some((l) => l.startsWith('='))).toBe(false);
    }
  });
});

describe('course view', () => {
  it('lists every assignment of the class × every student, links each lesson, and exports CSV', async () => {
    // a second activity in the same class (never played), and another class the teacher does not teach
    const second = await launchTeacher(h, { 'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'rl-2', title: 'Bài 2' } });
    await launchTeacher(h, { sub: 'teacher-2', 'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'ctx-2' }, 'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'rl-x' }, ...nrpsClaim(h, 'ctx-2') });
    const res = await request(h.tool.app).get(`/teach/course?s=${teacher.token}&lang=en`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="${teacher.path}?`);
    expect(res.text).toContain(`href="${second.path}?`);
    const links = res.text.match(/href="\/teach\/assignments\/[0-9a-f-]+\?/g) ?? [];
    expect(new Set(links).size).toBe(2); // ctx-2's assignment is not listed
    const grid = res.text.split('<table class="course-grid">')[1]!.split('</table>')[0]!;
    const rows = Object.fromEntries([...grid.matchAll(/<th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)]
      .map((m) => [m[1], [...m[2]!.matchAll(/data-status="([a-z_]+)"/g)].map((x) => x[1])]));
    expect(rows).toEqual({
      'Nguyễn Văn An': ['passed', 'not_started'],
      '&#x3D;HYPERLINK(&quot;http://evil.test&quot;,&quot;x&quot;)': ['not_passed', 'not_started'],
      'Đỗ Quang Huy': ['not_started', 'not_started'],
      'Student 1': ['not_passed', 'not_started'],
    });
    expect(res.text).toContain('3 of 4 submitted');
    const csv = await request(h.tool.app).get(`/teach/course/export.csv?s=${teacher.token}&lang=en`).buffer(true);
    expect(csv.headers['content-disposition']).toMatch(/^attachment/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines).toContainEqual('Nguyễn Văn An,Passed,100,Not started,');
  });
});

describe('teacher guide and family note', () => {
  it('render the lesson\'s teacher notes and family text in the teacher\'s language, printable', async () => {
    const lesson = h.catalog.latest('b-3-scams-aimed-at-teens')!;
    const guide = await request(h.tool.app).get(`${teacher.path}/guide?s=${teacher.token}`);
    expect(guide.status).toBe(200);
    expect(guide.text).toContain('/static/css/teacher.css');
    expect(guide.text).toContain('Hoạt động trên lớp 10 phút');
    expect(guide.text).toContain(lesson.texts.vi[lesson.manifest.teacher.discussion[0]!]!.slice(0, 30).replace(/"/g, '&quot;'));
    expect(guide.text).toContain('111');
    const family = await request(h.tool.app).get(`${teacher.path}/family?s=${teacher.token}&lang=en`);
    expect(family.status).toBe(200);
    expect(family.text).toContain(lesson.texts.en[lesson.manifest.family]!.slice(0, 30).replace(/'/g, '&#x27;'));
  });
});

/**
 * Teacher assignment view: who may see it, the class list from NRPS (paged, cached, never
 * stored), fallbacks without NRPS, and the settings form (validation and effect).
 */
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../helpers/test-app';
import { count, INSTRUCTOR, LEARNER, launchStudent, launchTeacher, nrpsClaim, play, rosterRows } from './teacher-helpers';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => {
  await h.reset();
  h.platform.nrpsMembers = [];
  h.platform.nrpsFaults = [];
  h.platform.nrpsPageSize = 2;
  h.platform.nrpsRequests = 0;
});

const member = (sub: string, name?: string, roles = [LEARNER], status = 'Active') => ({ user_id: sub, roles, status, ...(name ? { name } : {}) });

describe('access', () => {
  it('only the teacher of the class sees it; another class\'s teacher and students get a localized 403', async () => {
    const teacher = await launchTeacher(h);
    expect((await request(h.tool.app).get(teacher.url)).status).toBe(200);
    const other = await launchTeacher(h, { sub: 'teacher-2', 'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'ctx-2', label: '9B', title: 'Lớp 9B' }, 'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'rl-9b' }, ...nrpsClaim(h, 'ctx-2') });
    const target = teacher.path;
    for (const path of [target, `${target}/export.csv`, `${target}/guide`, `${target}/family`]) {
      expect((await request(h.tool.app).get(`${path}?s=${other.token}`)).status).toBe(403);
    }
    const post = await request(h.tool.app).post(`${target}/settings`).type('form').send({ s: other.token, passMark: '10', gradingPolicy: 'best' });
    expect(post.status).toBe(403);
    const student = await launchStudent(h, 'student-sub-1');
    const page = await request(h.tool.app).get(`${target}?s=${student.token}`).set('Accept', 'text/html');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Bạn không thể mở trang này');
    expect((await request(h.tool.app).get(`/teach/course?s=${student.token}`)).status).toBe(403);
    expect((await request(h.tool.app).get(target)).status).toBe(401);
  });
});

describe('class list from NRPS', () => {
  it('follows every page, lists students who never launched as not started, caches, stores nothing about them', async () => {
    h.platform.nrpsMembers = [
      member('student-sub-1', 'Lê Minh Anh'), member('nrps-only-1', 'Phạm Thu Hà'), member('nrps-only-2'),
      member('teacher-1', 'Cô Hạnh', [INSTRUCTOR]), member('left-class', 'Đã rời lớp', [LEARNER], 'Inactive'),
    ];
    const s1 = await launchStudent(h, 'student-sub-1');
    await play(h, s1);
    const teacher = await launchTeacher(h);
    const page = await request(h.tool.app).get(`${teacher.url}&lang=en`);
    expect(page.status).toBe(200);
    expect(h.platform.nrpsRequests).toBe(3); // 5 members, 2 per page
    expect(rosterRows(page.text)).toEqual([
      ['Lê Minh Anh', 'passed'], ['Phạm Thu Hà', 'not_started'], ['Student 1', 'not_started'],
    ]);
    expect(page.text).not.toContain('Đã rời lớp');
    expect(page.text).not.toContain('Your LMS does not share');
    await request(h.tool.app).get(teacher.url);
    expect(h.platform.nrpsRequests).toBe(3); // served from the in-memory cache
    expect(await count(h, sql`select count(*) as n from lti_user where sub in ('nrps-only-1', 'nrps-only-2')`)).toBe(0);
  });

  it('works from launches alone when the platform offers no NRPS', async () => {
    const s1 = await launchStudent(h, 'student-sub-1', { [`https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice`]: undefined });
    await play(h, s1, {}, false);
    const teacher = await launchTeacher(h, { 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': undefined });
    const page = await request(h.tool.app).get(`${teacher.url}&lang=en`);
    expect(page.status).toBe(200);
    expect(rosterRows(page.text)).toEqual([['Lê Minh Anh', 'in_progress']]);
    expect(page.text).toContain('Your LMS does not share the class list');
    expect(h.platform.nrpsRequests).toBe(0);
  });

  it('works from launches alone when NRPS answers 500', async () => {
    h.platform.nrpsMembers = [member('student-sub-1', 'Lê Minh Anh'), member('nrps-only-1', 'Phạm Thu Hà')];
    h.platform.nrpsFaults = [500];
    await launchStudent(h, 'student-sub-1');
    const teacher = await launchTeacher(h);
    const page = await request(h.tool.app).get(`${teacher.url}&lang=en`);
    expect(page.status).toBe(200);
    expect(rosterRows(page.text)).toEqual([['Lê Minh Anh', 'in_progress']]);
    expect(page.text).toContain('could not be fetched from your LMS');
  });
});

describe('assignment settings', () => {
  async function settingsOf(): Promise<Record<string, unknown>> {
    const r = await h.testDb.database.db.execute(sql`select settings from assignment`);
    return (r as unknown as { rows: Array<{ settings: Record<string, unknown> }> }).rows[0]!.settings;
  }

  it('refuses a bad field with a localized 400 page naming it, and changes nothing', async () => {
    const teacher = await launchTeacher(h);
    const action = `${teacher.path}/settings`;
    const bad = await request(h.tool.app).post(action).type('form').send({ s: teacher.token, passMark: '150', maxAttempts: '', gradingPolicy: 'best' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Điểm đạt (%)');
    expect(bad.text).not.toContain('Số lượt được làm');
    const policy = await request(h.tool.app).post(`${action}?lang=en`).type('form').send({ s: teacher.token, passMark: '80', maxAttempts: 'abc', gradingPolicy: 'worst' });
    expect(policy.status).toBe(400);
    expect(policy.text).toContain('Attempts allowed');
    expect(policy.text).toContain('Which attempt counts');
    // completion-only is for band A lessons; B-3 is band B
    const band = await request(h.tool.app).post(`${action}?lang=en`).type('form').send({ s: teacher.token, passMark: '80', gradingPolicy: 'best', completionOnly: 'on' });
    expect(band.status).toBe(400);
    expect(band.text).toContain('Completion only');
    expect(await settingsOf()).toEqual({});
    // the session token is the CSRF protection: without it, nothing happens
    expect((await request(h.tool.app).post(action).type('form').send({ passMark: '50', gradingPolicy: 'best' })).status).toBe(401);
    expect(await settingsOf()).toEqual({});
  });

  it('saves settings; a lower pass mark flips not passed to passed and re-queues submitted grades', async () => {
    const s1 = await launchStudent(h, 'student-sub-1');
    // only a harmless segment marked: the spot step (4 of 10 points) earns nothing, 60 %
    // (an integer score: fractional partial credit is a separate learning issue)
    await play(h, s1, { 'spot-sms': ['bank-name'] });
    const s2 = await launchStudent(h, 'student-sub-2', { name: 'Trần Văn Bình' });
    await play(h, s2);
    await launchStudent(h, 'student-sub-3', { name: 'Vũ Thị Cúc' }); // started, not submitted
    const teacher = await launchTeacher(h);
    expect(rosterRows((await request(h.tool.app).get(teacher.url)).text)).toEqual([
      ['Lê Minh Anh', 'not_passed'], ['Trần Văn Bình', 'passed'], ['Vũ Thị Cúc', 'in_progress'],
    ]);
    const before = await count(h, sql`select count(*) as n from grade_sync`);
    const save = await request(h.tool.app).post(`${teacher.path}/settings`).type('form')
      .send({ s: teacher.token, passMark: '50', maxAttempts: '3', gradingPolicy: 'last', dueAt: '2026-05-20' });
    expect(save.status).toBe(303);
    expect(await settingsOf()).toEqual({ passMark: 50, maxAttempts: 3, gradingPolicy: 'last', dueAt: '2026-05-20' });
    expect(await count(h, sql`select count(*) as n from grade_sync`)).toBe(before + 2);
    const page = await request(h.tool.app).get(save.headers.location!);
    expect(rosterRows(page.text)).toEqual([
      ['Lê Minh Anh', 'passed'], ['Trần Văn Bình', 'passed'], ['Vũ Thị Cúc', 'in_progress'],
    ]);
    expect(page.text).toContain('value="50"');
    expect(page.text).toMatch(/value="last" checked/);
    expect(page.text).toContain('Đã lưu cài đặt.');
    // the same settings again change no grade: nothing re-queued
    await request(h.tool.app).post(`${teacher.path}/settings`).type('form')
      .send({ s: teacher.token, passMark: '50', maxAttempts: '3', gradingPolicy: 'last', dueAt: '2026-05-20' });
    expect(await count(h, sql`select count(*) as n from grade_sync`)).toBe(before + 2);
  });

  it('re-sends one student\'s grade and refuses to queue one for a student without a submission', async () => {
    const s1 = await launchStudent(h, 'student-sub-1');
    await play(h, s1);
    const s2 = await launchStudent(h, 'student-sub-2');
    const teacher = await launchTeacher(h);
    const ids = await h.testDb.database.db.execute(sql`select id, sub from lti_user`);
    const idOf = (sub: string) => (ids as unknown as { rows: Array<{ id: string; sub: string }> }).rows.find((r) => r.sub === sub)!.id;
    const before = await count(h, sql`select count(*) as n from grade_sync`);
    expect((await request(h.tool.app).post(`${teacher.path}/resend`).type('form').send({ s: teacher.token, userId: idOf('student-sub-1') })).status).toBe(303);
    expect((await request(h.tool.app).post(`${teacher.path}/resend`).type('form').send({ s: teacher.token, userId: idOf('student-sub-2') })).status).toBe(303);
    expect(await count(h, sql`select count(*) as n from grade_sync`)).toBe(before + 1);
    expect(s2.attemptId).toBeDefined();
  });
});

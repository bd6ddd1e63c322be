/** Checks lesson B-3 against its brief (CURRICULUM.md B-3), beyond what the generic validator enforces. */
import type { Lesson, QuizStep, SpotStep, StoryStep } from '../../../src/catalog';
import { loadB3 } from './load-b3';

describe('lesson B-3 "Scams aimed at teens"', () => {
  let lesson: Lesson;
  beforeAll(async () => {
    lesson = await loadB3();
  });
  const step = <K extends string>(kind: K) => lesson.manifest.steps.find((s) => s.kind === kind);

  it('has the agreed metadata', () => {
    const m = lesson.manifest;
    expect([m.code, m.version, m.ageBands, m.minutes, m.passMark]).toEqual(['B-3', 1, ['B'], 25, 80]);
    expect(m.objectives.map((o) => o.id).sort()).toEqual(['never-share-otp', 'spot-red-flags', 'verify-second-channel']);
    expect(m.steps.map((s) => s.kind)).toEqual(['story', 'spot', 'quiz', 'help']);
  });

  it('tells the story in 3-5 slides', () => {
    const story = step('story') as StoryStep;
    expect(story.slides.length).toBeGreaterThanOrEqual(3);
    expect(story.slides.length).toBeLessThanOrEqual(5);
  });

  it('has a spot-the-scam message of 6-9 segments with at least 4 flags, an OTP request and a VND amount', () => {
    const spot = step('spot') as SpotStep;
    const segments = spot.artefact.segments;
    expect(segments.length).toBeGreaterThanOrEqual(6);
    expect(segments.length).toBeLessThanOrEqual(9);
    expect(segments.filter((s) => s.flag).length).toBeGreaterThanOrEqual(4);
    const text = segments.map((s) => lesson.texts.vi[s.text]).join(' ');
    expect(text).toMatch(/OTP/);
    expect(text).toMatch(/\d{1,3}(\.\d{3})+ VND/);
  });

  it('draws 6 of a 9-item bank mixing single, multiple and true/false, with the OTP item as must-pass', () => {
    const quiz = step('quiz') as QuizStep;
    expect(quiz.items).toHaveLength(9);
    expect(quiz.draw).toBe(6);
    expect(new Set(quiz.items.map((i) => i.type))).toEqual(new Set(['single', 'multiple', 'truefalse']));
    expect(lesson.manifest.mustPass).toEqual(['otp-never-share']);
    const otp = quiz.items.find((i) => i.id === 'otp-never-share');
    expect(otp?.objective).toBe('never-share-otp');
    expect(lesson.texts.en[otp?.prompt ?? '']).toMatch(/code/);
  });

  it('gives every option its own feedback text', () => {
    const quiz = step('quiz') as QuizStep;
    const keys = quiz.items.flatMap((i) => i.options.map((o) => o.feedback));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ends with help: trusted adult, 111, 113, reporting, and no blame, in both languages', () => {
    const help = step('help');
    const vi = lesson.texts.vi[help?.kind === 'help' ? help.body ?? '' : ''] ?? '';
    const en = lesson.texts.en[help?.kind === 'help' ? help.body ?? '' : ''] ?? '';
    for (const text of [vi, en]) expect(text).toMatch(/111[\s\S]*113/);
    expect(vi).toMatch(/không có lỗi/);
    expect(vi).toMatch(/Báo xấu|Báo cáo/);
    expect(en).toMatch(/not your fault/);
    expect(en).toMatch(/adult you trust/);
  });

  it('gives teachers a 10-minute activity, ≥2 discussion prompts and a disclosure response, and families a note', () => {
    const { teacher, family } = lesson.manifest;
    expect(teacher.discussion.length).toBeGreaterThanOrEqual(2);
    const vi = (key: string) => lesson.texts.vi[key] ?? '';
    const en = (key: string) => lesson.texts.en[key] ?? '';
    expect(vi(teacher.activity)).toMatch(/10 phút/);
    expect(en(teacher.activity)).toMatch(/10-minute/);
    // Disclosure: listen, believe, don't blame, no secrecy promise, school procedure, 111.
    expect(vi(teacher.disclosure)).toMatch(/[Ll]ắng nghe[\s\S]*[Tt]in em[\s\S]*[Kk]hông trách[\s\S]*[Kk]hông hứa giữ bí mật[\s\S]*quy trình bảo vệ học sinh[\s\S]*111/);
    expect(en(teacher.disclosure)).toMatch(/[Ll]isten[\s\S]*[Bb]elieve[\s\S]*[Dd]on't blame[\s\S]*[Dd]on't promise to keep it secret[\s\S]*safeguarding procedure[\s\S]*111/);
    for (const text of [vi(family), en(family)]) expect(text).toMatch(/OTP[\s\S]*111[\s\S]*113/);
  });

  it('writes Vietnamese with diacritics and has the same keys in both locales', () => {
    expect(Object.keys(lesson.texts.vi).sort()).toEqual(Object.keys(lesson.texts.en).sort());
    const vi = Object.values(lesson.texts.vi).join(' ');
    expect(vi).toMatch(/[ăâđêôơưàảãáạèẻẽéẹìỉĩíịòỏõóọùủũúụỳỷỹýỵ]/);
  });
});

/** Per-question and per-objective statistics over stored results, for every scored step kind. */
import { scoreAttempt } from '../../../src/learning';
import { mergeRoster, passedUnder, pickGraded, questionStats } from '../../../src/reports';
import { v2Lesson } from '../web/v2-lesson.fixture';

const lesson = v2Lesson();
const drawn = { quiz: ['q1', 'q2'] };

/** The attempt as learning.submit stores it (result shape included). */
function counted(answers: Record<string, string[]>) {
  const s = scoreAttempt(lesson, drawn, answers);
  return {
    answers,
    result: { items: s.items.map((i) => ({ key: i.key, correct: i.correct, points: i.points, maxPoints: i.maxPoints, chosen: i.feedback.filter((f) => f.chosen).map((f) => f.id) })), objectives: s.objectives, mustPassFailed: s.mustPassFailed },
  };
}

const rightOrder = ['stop', 'save', 'tell', 'report'];
const rightSort = ['address=private', 'colour=ok', 'otp=private', 'pet=ok'];
const attempts = [
  counted({ 'quiz/q1': ['b'], 'quiz/q2': ['true'], 'chat/n1': ['send-photo'], 'chat/n2-risk': ['again'], order: ['save', 'stop', 'tell', 'report'], sort: ['address=ok', 'colour=ok', 'otp=private', 'pet=ok'] }),
  counted({ 'quiz/q1': ['b'], 'quiz/q2': ['false'], 'chat/n1': ['ask-adult'], order: rightOrder, sort: ['address=ok', 'colour=ok', 'otp=ok', 'pet=ok'] }),
  counted({ 'quiz/q1': ['a'], 'quiz/q2': ['false'], 'chat/n1': ['send-photo'], 'chat/n2-risk': ['tell'], order: rightOrder, sort: rightSort }),
];

describe('questionStats', () => {
  const { questions, objectives } = questionStats(lesson, attempts);
  const q = (key: string) => questions.find((x) => x.key === key)!;

  it('quiz: percent correct and the most chosen wrong option with its feedback', () => {
    expect(q('quiz/q1')).toMatchObject({ kind: 'quiz', answered: 3, correct: 1, percentCorrect: 33, mistake: { kind: 'wrong_option', id: 'b', textKey: 'q1.b', feedbackKey: 'q1.b.fb', count: 2 } });
    // true/false options have no text of their own
    expect(q('quiz/q2')).toMatchObject({ correct: 2, percentCorrect: 67, mistake: { id: 'true', feedbackKey: 'q2.t.fb', count: 1 } });
    expect(q('quiz/q2').mistake!.textKey).toBeUndefined();
  });

  it('chat: the most chosen unsafe choice (less than the best of its node)', () => {
    expect(q('chat').mistake).toMatchObject({ kind: 'unsafe_choice', id: 'n1/send-photo', textKey: 'n1.c2', feedbackKey: 'n1.c2.fb', count: 2 });
  });

  it('order and sort: the piece most often misplaced, from the stored answers', () => {
    expect(q('order')).toMatchObject({ answered: 3, correct: 2, mistake: { kind: 'misplaced', id: 'stop', feedbackKey: 'o.stop.fb', count: 1 } });
    expect(q('sort')).toMatchObject({ answered: 3, correct: 1, mistake: { kind: 'missorted', id: 'address', feedbackKey: 'c.address.fb', count: 2 } });
  });

  it('no mistake when everyone is right; questions not drawn count nobody', () => {
    const perfect = questionStats(lesson, [attempts[2]!]).questions;
    expect(perfect.find((x) => x.key === 'quiz/q1')!.mistake).toBeUndefined();
    const none = questionStats(lesson, []).questions.find((x) => x.key === 'quiz/q1')!;
    expect(none).toMatchObject({ answered: 0, percentCorrect: null });
  });

  it('objectives: students per competence level', () => {
    const levels = attempts.map((a) => a.result.objectives.a);
    const expected = { secure: 0, developing: 0, misconception: 0 };
    for (const l of levels) expected[l!]++;
    expect(objectives).toEqual([{ id: 'a', textKey: 'obj.a', ...expected, assessed: 3 }]);
    // the fixture spreads the class over at least two levels, so a count mix-up would show
    expect(new Set(levels).size).toBeGreaterThan(1);
  });
});

describe('grading under current settings', () => {
  const a = (n: number, percent: number, status: 'submitted' | 'in_progress' = 'submitted', mustPassFailed: string[] = []) =>
    ({ attemptNumber: n, status, percent, result: { items: [{ key: 'x', correct: true, points: 1, maxPoints: 1, chosen: ['a'] }], objectives: {}, mustPassFailed } });
  it('picks best, last or first submitted attempt', () => {
    const all = [a(1, 50), a(2, 90), a(3, 70), a(4, 0, 'in_progress')];
    expect(pickGraded(all, 'best')!.attemptNumber).toBe(2);
    expect(pickGraded(all, 'last')!.attemptNumber).toBe(3);
    expect(pickGraded(all, 'first')!.attemptNumber).toBe(1);
    expect(pickGraded([a(1, 0, 'in_progress')], 'best')).toBeUndefined();
  });
  it('decides passed from the pass mark of today and must-pass items', () => {
    const s = { passMark: 80, gradingPolicy: 'best' as const, completionOnly: false };
    expect(passedUnder(a(1, 85), s)).toBe(true);
    expect(passedUnder(a(1, 85), { ...s, passMark: 90 })).toBe(false);
    expect(passedUnder(a(1, 100, 'submitted', ['otp']), s)).toBe(false);
    expect(passedUnder(a(1, 10), { ...s, completionOnly: true })).toBe(true);
  });
});

describe('mergeRoster', () => {
  it('adds roster members who never launched, keeps launch names, sorts named then unnamed', () => {
    const merged = mergeRoster(
      [{ userId: 'u1', sub: 's1', name: 'Trần Bình' }, { userId: 'u2', sub: 's2', name: null }],
      [{ sub: 's2', name: 'Lê An' }, { sub: 's3', name: null }, { sub: 's1', name: 'Other' }],
    );
    expect(merged).toEqual([
      { userId: 'u2', sub: 's2', name: 'Lê An' },
      { userId: 'u1', sub: 's1', name: 'Trần Bình' },
      { userId: null, sub: 's3', name: null },
    ]);
  });
});

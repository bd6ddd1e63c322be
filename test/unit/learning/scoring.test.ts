import path from 'node:path';
import { loadCatalog, type Lesson, type QuizStep } from '../../../src/catalog';
import { AppError } from '../../../src/errors';
import { checkAnswer, drawItems, scoreAttempt, ScoringError, type Drawn } from '../../../src/learning/scoring';
import { loadB3 } from '../catalog/load-b3';

// Fixture "valid": spot step "spot" (3 points; flags prize + otp, harmless hello, objective o-spot);
// quiz step "quiz" (draw 2) with q-single (1 pt, a correct), q-multi (2 pts, a+b correct, c wrong)
// both on o-quiz, and q-tf (1 pt, "false" correct, must-pass, no objective).
const FIXTURE = path.resolve(__dirname, '../../fixtures/lessons/valid');

let fx: Lesson;
let b3: Lesson;
beforeAll(async () => {
  fx = (await loadCatalog(FIXTURE)).latest('a-1-fixture') as Lesson;
  b3 = await loadB3(); // alone: the authors' other lessons in modules/ may be mid-edit
});

/** A seeded generator (mulberry32), so random draws are repeatable. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const scoreErr = (fn: () => unknown) => {
  try { fn(); } catch (e) { return e; }
  throw new Error('expected a ScoringError');
};

describe('checkAnswer', () => {
  it('scores single and true/false all-or-nothing', () => {
    expect(checkAnswer(fx, 'quiz/q-single', ['a'])).toMatchObject({ correct: true, points: 1, maxPoints: 1 });
    expect(checkAnswer(fx, 'quiz/q-single', ['b'])).toMatchObject({ correct: false, points: 0 });
    expect(checkAnswer(fx, 'quiz/q-tf', ['false'])).toMatchObject({ correct: true, points: 1 });
    expect(checkAnswer(fx, 'quiz/q-tf', ['true'])).toMatchObject({ correct: false, points: 0 });
  });

  it('gives multiple choice partial credit: max(0, right - wrong) / totalCorrect × points', () => {
    const pts = (answer: string[]) => checkAnswer(fx, 'quiz/q-multi', answer).points;
    expect(pts(['a', 'b'])).toBe(2);
    expect(pts(['a'])).toBe(1);
    expect(pts(['a', 'b', 'c'])).toBe(1);
    expect(pts(['a', 'c'])).toBe(0);
    expect(pts(['c'])).toBe(0);
    expect(pts(['a', 'a'])).toBe(1); // a repeated id is counted once
    expect(checkAnswer(fx, 'quiz/q-multi', ['a']).correct).toBe(false);
    // 3 correct options of 4, 2 points: one right pick earns 2/3, rounded to two decimals.
    expect(checkAnswer(b3, 'quiz/giveaway-flags', ['fee']).points).toBe(0.67);
  });

  it('gives spot steps partial credit: max(0, flags - harmless) / totalFlags × points', () => {
    const pts = (answer: string[]) => checkAnswer(fx, 'spot', answer).points;
    expect(pts(['prize', 'otp'])).toBe(3);
    expect(pts(['prize'])).toBe(1.5);
    expect(pts(['prize', 'otp', 'hello'])).toBe(1.5);
    expect(pts(['prize', 'hello'])).toBe(0);
  });

  it('scores an unanswered item 0 and returns feedback for every option, chosen or not', () => {
    const check = checkAnswer(fx, 'quiz/q-multi', []);
    expect(check).toMatchObject({ key: 'quiz/q-multi', correct: false, points: 0, maxPoints: 2 });
    expect(checkAnswer(fx, 'quiz/q-multi', ['c']).feedback).toEqual([
      { id: 'a', feedbackKey: 'quiz.q-multi.a.feedback', correct: true, chosen: false },
      { id: 'b', feedbackKey: 'quiz.q-multi.b.feedback', correct: true, chosen: false },
      { id: 'c', feedbackKey: 'quiz.q-multi.c.feedback', correct: false, chosen: true },
    ]);
    expect(checkAnswer(fx, 'spot', ['hello']).feedback.map((f) => [f.id, f.correct, f.chosen])).toEqual([
      ['prize', true, false], ['otp', true, false], ['hello', false, true],
    ]);
  });

  it('throws unknown_item for keys that are not a quiz item or spot step', () => {
    for (const key of ['quiz/nope', 'nope/q-single', 'quiz', 'help', 'spot/prize', 'intro', 'quiz/q-single/x']) {
      const err = scoreErr(() => checkAnswer(fx, key, []));
      expect(err).toBeInstanceOf(ScoringError);
      expect((err as ScoringError).code).toBe('unknown_item');
      expect(err).toBeInstanceOf(AppError); // reaches the web error middleware as a 400
      expect((err as ScoringError).status).toBe(400);
    }
  });

  it('throws invalid_answer for an option not in the item or two answers to a single choice', () => {
    for (const [key, answer] of [['quiz/q-single', ['z']], ['spot', ['prize', 'nope']], ['quiz/q-single', ['a', 'b']], ['quiz/q-tf', ['true', 'false']]] as const) {
      const err = scoreErr(() => checkAnswer(fx, key, [...answer]));
      expect((err as ScoringError).code).toBe('invalid_answer');
    }
  });
});

describe('drawItems', () => {
  it('shows the whole bank in order when draw equals the bank', () => {
    const quiz = fx.manifest.steps[2] as QuizStep;
    const all: Lesson = { ...fx, manifest: { ...fx.manifest, steps: [{ ...quiz, draw: 3 }] } };
    expect(drawItems(all, () => 0.99)).toEqual({ quiz: ['q-single', 'q-multi', 'q-tf'] });
  });

  it('draws `draw` items in bank order and always includes must-pass items', () => {
    expect(drawItems(fx, () => 0)).toEqual({ quiz: ['q-single', 'q-tf'] });
    expect(drawItems(fx, () => 0.99)).toEqual({ quiz: ['q-multi', 'q-tf'] });
  });

  it('gives B-3 retries different sets of 6 from the bank of 9, always with the OTP item', () => {
    const bank = (b3.manifest.steps.find((s) => s.kind === 'quiz') as QuizStep).items.map((i) => i.id);
    const random = seeded(42);
    const sets = new Set<string>();
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const ids = drawItems(b3, random).quiz ?? [];
      expect(ids).toHaveLength(6);
      expect(ids).toContain('otp-never-share');
      expect(ids).toEqual(bank.filter((id) => ids.includes(id))); // bank order
      sets.add(ids.join());
      ids.forEach((id) => seen.add(id));
    }
    expect(sets.size).toBeGreaterThan(5);
    expect(seen.size).toBe(9);
  });
});

describe('scoreAttempt', () => {
  const drawn = { quiz: ['q-single', 'q-multi'] };
  const perfect = { spot: ['prize', 'otp'], 'quiz/q-single': ['a'], 'quiz/q-multi': ['a', 'b'] };

  it('sums the spot step and the drawn items into points, maxPoints and a rounded percent', () => {
    const full = scoreAttempt(fx, drawn, perfect);
    expect(full).toMatchObject({ points: 6, maxPoints: 6, percent: 100, passed: true, completionOnly: false, mustPassFailed: [] });
    expect(full.items.map((i) => i.key)).toEqual(['spot', 'quiz/q-single', 'quiz/q-multi']);
    // 1.5 + 1 + 2 = 4.5 of 6 = 75 %; 1.5 + 0 + 1 = 2.5 of 6 = 41.67 → 42.
    expect(scoreAttempt(fx, drawn, { ...perfect, spot: ['prize'] })).toMatchObject({ points: 4.5, percent: 75, passed: false });
    expect(scoreAttempt(fx, drawn, { spot: ['prize'], 'quiz/q-multi': ['a'] }).percent).toBe(42);
  });

  it('lets the caller override the pass mark', () => {
    const answers = { ...perfect, spot: ['prize'] };
    expect(scoreAttempt(fx, drawn, answers).passed).toBe(false); // 75 < 80 (manifest)
    expect(scoreAttempt(fx, drawn, answers, 75).passed).toBe(true);
    expect(scoreAttempt(fx, drawn, perfect, 100).passed).toBe(true);
  });

  it('fails an attempt with a high score when a drawn must-pass item is wrong', () => {
    const withTf = { quiz: ['q-multi', 'q-tf'] };
    const ok = scoreAttempt(fx, withTf, { spot: ['prize', 'otp'], 'quiz/q-multi': ['a', 'b'], 'quiz/q-tf': ['false'] });
    expect(ok.passed).toBe(true);
    const bad = scoreAttempt(fx, withTf, { spot: ['prize', 'otp'], 'quiz/q-multi': ['a', 'b'], 'quiz/q-tf': ['true'] });
    expect(bad).toMatchObject({ percent: 83, passed: false, mustPassFailed: ['q-tf'] });
  });

  it('fails B-3 at 90 %+ when the OTP item is answered wrongly', () => {
    const drawnB3 = drawItems(b3, seeded(7));
    const answers: Record<string, string[]> = {};
    for (const step of b3.manifest.steps) {
      if (step.kind === 'spot') answers[step.id] = step.artefact.segments.filter((s) => s.flag).map((s) => s.id);
      if (step.kind !== 'quiz') continue;
      for (const item of step.items) answers[`${step.id}/${item.id}`] = item.options.filter((o) => o.correct).map((o) => o.id);
    }
    answers['quiz/otp-never-share'] = ['send-half'];
    const score = scoreAttempt(b3, drawnB3, answers);
    expect(score.percent).toBeGreaterThanOrEqual(90);
    expect(score.passed).toBe(false);
    expect(score.mustPassFailed).toEqual(['otp-never-share']);
    expect(score.objectives['never-share-otp']).not.toBe('secure');
  });

  it('treats must-pass ids that name a spot step too', () => {
    const strict: Lesson = { ...fx, manifest: { ...fx.manifest, mustPass: ['spot'] } };
    const answers = { ...perfect, spot: ['prize', 'otp', 'hello'] }; // 1.5 + 3 = 4.5 of 6 = 75 %
    expect(scoreAttempt(strict, drawn, answers, 50)).toMatchObject({ passed: false, mustPassFailed: ['spot'] });
    expect(scoreAttempt(strict, drawn, perfect, 50)).toMatchObject({ passed: true, mustPassFailed: [] });
  });

  it('ignores answers to items outside the draw and scores unanswered drawn items 0', () => {
    const score = scoreAttempt(fx, drawn, { spot: ['prize', 'otp'], 'quiz/q-single': ['a'], 'quiz/q-tf': ['true'] });
    expect(score).toMatchObject({ points: 4, maxPoints: 6, percent: 67, mustPassFailed: [] });
    expect(score.items.map((i) => i.key)).not.toContain('quiz/q-tf');
  });

  it('refuses a draw that does not fit the lesson', () => {
    const bads: Drawn[] = [{}, { quiz: ['q-nope'] }, { quiz: ['q-single', 'q-single'] }, { quiz: ['q-single'], spot: ['x'] }];
    for (const bad of bads) {
      const err = scoreErr(() => scoreAttempt(fx, bad, perfect));
      expect((err as ScoringError).code).toBe('invalid_draw');
    }
  });

  it('rates each objective secure at ≥80 % of its points, misconception on an all-wrong answer, else developing', () => {
    const rate = (answers: Record<string, string[]>, d: Record<string, string[]> = drawn) => scoreAttempt(fx, d, answers).objectives;
    expect(rate(perfect)).toEqual({ 'o-spot': 'secure', 'o-quiz': 'secure' });
    // o-quiz: q-single wrong (all wrong) + q-multi full = 2 of 3 → misconception.
    expect(rate({ ...perfect, 'quiz/q-single': ['b'] })['o-quiz']).toBe('misconception');
    // q-single unanswered + q-multi full = 2 of 3, nothing all-wrong → developing.
    expect(rate({ ...perfect, 'quiz/q-single': [] })['o-quiz']).toBe('developing');
    // q-multi ["a", "c"] earns 0 but one pick was right, so it is not a misconception.
    expect(rate({ ...perfect, 'quiz/q-multi': ['a', 'c'] })['o-quiz']).toBe('developing');
    expect(rate({ ...perfect, 'quiz/q-multi': ['c'] })['o-quiz']).toBe('misconception');
    // Spot: marking only harmless text is all wrong; half the flags is developing.
    expect(rate({ ...perfect, spot: ['hello'] })['o-spot']).toBe('misconception');
    expect(rate({ ...perfect, spot: ['prize'] })['o-spot']).toBe('developing');
    // Exactly 80 % is secure: the B-3 spot step alone (5 flags, 4 points), 4 flags marked = 3.2 of 4.
    const spotOnly: Lesson = { ...b3, manifest: { ...b3.manifest, steps: b3.manifest.steps.filter((st) => st.kind !== 'quiz') } };
    const fourFlags = ['locked', 'amount', 'deadline', 'link'];
    expect(checkAnswer(b3, 'spot-sms', fourFlags).points).toBe(3.2);
    expect(scoreAttempt(spotOnly, {}, { 'spot-sms': fourFlags }).objectives).toEqual({ 'spot-red-flags': 'secure' });
    expect(scoreAttempt(spotOnly, {}, { 'spot-sms': fourFlags.slice(1) }).objectives).toEqual({ 'spot-red-flags': 'developing' });
    // Objectives with no item in this attempt are left out; items without an objective add none.
    expect(Object.keys(rate(perfect, { quiz: ['q-tf'] }))).toEqual(['o-spot']);
  });
});

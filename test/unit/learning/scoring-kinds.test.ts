import path from 'node:path';
import { loadCatalog, type Lesson } from '../../../src/catalog';
import {
  chatPath, checkAnswer, isChatDecisionAvailable, scoreAttempt, shuffleFor, ScoringError, type Answers,
} from '../../../src/learning/scoring';

// Fixture "valid-kinds" (a-2-kinds), must-pass ["chat"]:
// chat "chat" (4 pts, o-chat): n1 tell-adult 2 → end-safe | ask-why 1 → n2 | send-photo 0 → n2;
//   n2 block 1 → end-safe | send 0 (ends). Best path = 2 raw (tell-adult, or ask-why + block).
// order "order" (3 pts, o-order): stop, save, block, tell.
// sort "sort" (2 pts, o-sort): address, password → private; hobby, colour → ok.
// quiz "quiz" draw 1: q-single (a correct) and q-tf ("true" correct), both o-order, 1 pt each.
// reflection "reflect", help "help".
const KINDS = path.resolve(__dirname, '../../fixtures/lessons/valid-kinds');
let lesson: Lesson;
beforeAll(async () => {
  lesson = (await loadCatalog(KINDS)).latest('a-2-kinds') as Lesson;
});

const errorOf = (fn: () => unknown): ScoringError => {
  try { fn(); } catch (e) { return e as ScoringError; }
  throw new Error('expected a ScoringError');
};
const ORDER = ['stop', 'save', 'block', 'tell'];
const SORTED = ['address=private', 'password=private', 'hobby=ok', 'colour=ok'];
const drawn = { quiz: ['q-single'] };
const perfect: Answers = { 'chat/n1': ['tell-adult'], order: ORDER, sort: SORTED, 'quiz/q-single': ['a'] };
const item = (answers: Answers, key: string) => scoreAttempt(lesson, drawn, answers).items.find((i) => i.key === key);

describe('chat decisions (checkAnswer "<step>/<node>")', () => {
  it('returns the choice points against the node best, feedback for every choice, and next', () => {
    expect(checkAnswer(lesson, 'chat/n1', ['tell-adult'])).toMatchObject({ correct: true, points: 2, maxPoints: 2, next: 'end-safe' });
    expect(checkAnswer(lesson, 'chat/n1', ['ask-why'])).toMatchObject({ correct: false, points: 1, next: 'n2' });
    expect(checkAnswer(lesson, 'chat/n1', ['ask-why']).feedback.map((f) => [f.id, f.correct, f.chosen])).toEqual([
      ['tell-adult', true, false], ['ask-why', false, true], ['send-photo', false, false],
    ]);
  });

  it('says null when a choice ends the conversation, and gives no next for an empty answer', () => {
    expect(checkAnswer(lesson, 'chat/n2', ['send'])).toMatchObject({ correct: false, points: 0, maxPoints: 1, next: null });
    expect(checkAnswer(lesson, 'chat/n1', [])).not.toHaveProperty('next');
  });

  it('refuses endings, unknown nodes, the bare step id, unknown choices and two choices', () => {
    for (const key of ['chat/end-safe', 'chat/nope', 'chat', 'chat/n1/x']) expect(errorOf(() => checkAnswer(lesson, key, ['x'])).code).toBe('unknown_item');
    expect(errorOf(() => checkAnswer(lesson, 'chat/n1', ['nope'])).code).toBe('invalid_answer');
    expect(errorOf(() => checkAnswer(lesson, 'chat/n1', ['tell-adult', 'ask-why'])).code).toBe('invalid_answer');
  });
});

describe('chatPath and isChatDecisionAvailable', () => {
  it('follows the answers from start to the waiting decision or the end, ignoring off-path answers', () => {
    expect(chatPath(lesson, 'chat', {})).toEqual(['n1']);
    expect(chatPath(lesson, 'chat', { 'chat/n1': ['ask-why'] })).toEqual(['n1', 'n2']);
    expect(chatPath(lesson, 'chat', { 'chat/n1': ['ask-why'], 'chat/n2': ['block'] })).toEqual(['n1', 'n2', 'end-safe']);
    expect(chatPath(lesson, 'chat', { 'chat/n1': ['tell-adult'], 'chat/n2': ['block'] })).toEqual(['n1', 'end-safe']);
    expect(chatPath(lesson, 'chat', { 'chat/n1': ['send-photo'], 'chat/n2': ['send'] })).toEqual(['n1', 'n2']);
    expect(errorOf(() => chatPath(lesson, 'order', {})).code).toBe('unknown_item');
  });

  it('allows only decisions on the learner path', () => {
    const ok = (node: string, answers: Answers, step = 'chat') => isChatDecisionAvailable(lesson, step, node, answers);
    expect(ok('n1', {})).toBe(true);
    expect(ok('n2', {})).toBe(false); // not reached yet
    expect(ok('n2', { 'chat/n1': ['ask-why'] })).toBe(true);
    expect(ok('n2', { 'chat/n1': ['tell-adult'] })).toBe(false); // that branch skipped n2
    expect(ok('n1', { 'chat/n1': ['tell-adult'] })).toBe(true); // changing an answer on the path
    expect(ok('end-safe', { 'chat/n1': ['tell-adult'] })).toBe(false); // endings take no answer
    expect(ok('nope', {})).toBe(false);
    expect(ok('n1', {}, 'order')).toBe(false);
    expect(ok('n2', { 'chat/n1': ['forged'] })).toBe(false);
  });
});

describe('chat steps in scoreAttempt: raw / best path × points', () => {
  it('scores the chosen path and ignores decisions off it', () => {
    expect(item(perfect, 'chat')).toMatchObject({ correct: true, points: 4, maxPoints: 4 });
    expect(item({ 'chat/n1': ['ask-why'], 'chat/n2': ['block'] }, 'chat')).toMatchObject({ correct: true, points: 4 });
    expect(item({ 'chat/n1': ['send-photo'], 'chat/n2': ['block'] }, 'chat')).toMatchObject({ correct: false, points: 2 });
    expect(item({ 'chat/n1': ['ask-why'] }, 'chat')?.points).toBe(2); // n2 unanswered earns 0
    expect(item({ 'chat/n1': ['tell-adult'], 'chat/n2': ['send'] }, 'chat')?.points).toBe(4); // stale n2 answer
    expect(item({}, 'chat')?.points).toBe(0);
    expect(item({ 'chat/n1': ['send-photo'], 'chat/n2': ['block'] }, 'chat')?.feedback.map((f) => f.id)).toEqual([
      'n1/tell-adult', 'n1/ask-why', 'n1/send-photo', 'n2/block', 'n2/send',
    ]);
  });

  it('fails a must-pass chat step that did not get full points', () => {
    const score = scoreAttempt(lesson, drawn, { ...perfect, 'chat/n1': ['send-photo'], 'chat/n2': ['block'] });
    expect(score).toMatchObject({ points: 8, maxPoints: 10, percent: 80, passed: false, mustPassFailed: ['chat'] });
  });
});

describe('order steps: adjacent pairs in the right order / (n − 1) × points', () => {
  const pts = (answer: string[]) => checkAnswer(lesson, 'order', answer).points;
  it('gives partial credit per correct adjacent pair', () => {
    expect(checkAnswer(lesson, 'order', ORDER)).toMatchObject({ correct: true, points: 3, maxPoints: 3 });
    expect(pts(['save', 'block', 'tell', 'stop'])).toBe(2); // 2 of 3 pairs
    expect(pts(['save', 'stop', 'block', 'tell'])).toBe(1); // only block → tell
    expect(pts(['stop', 'block', 'save', 'tell'])).toBe(0); // right ends, no right pair
    expect(pts(['tell', 'block', 'save', 'stop'])).toBe(0);
    expect(pts([])).toBe(0);
  });

  it('marks each item correct when it is at its place', () => {
    expect(checkAnswer(lesson, 'order', ['save', 'stop', 'block', 'tell']).feedback.map((f) => [f.id, f.correct, f.chosen])).toEqual([
      ['stop', false, true], ['save', false, true], ['block', true, true], ['tell', true, true],
    ]);
  });

  it('refuses answers that are not every item exactly once', () => {
    for (const bad of [['stop', 'save', 'block'], ['stop', 'save', 'block', 'block'], ['stop', 'save', 'block', 'nope'], [...ORDER, 'stop']]) {
      expect(errorOf(() => checkAnswer(lesson, 'order', bad)).code).toBe('invalid_answer');
    }
    expect(errorOf(() => checkAnswer(lesson, 'order/stop', ORDER)).code).toBe('unknown_item');
  });
});

describe('sort steps: correctly placed cards / cards × points', () => {
  it('gives partial credit per card', () => {
    expect(checkAnswer(lesson, 'sort', SORTED)).toMatchObject({ correct: true, points: 2, maxPoints: 2 });
    expect(checkAnswer(lesson, 'sort', ['address=private', 'password=ok', 'hobby=ok', 'colour=ok']).points).toBe(1.5);
    expect(checkAnswer(lesson, 'sort', ['colour=private', 'address=ok', 'password=ok', 'hobby=private']).points).toBe(0); // order-free
    expect(checkAnswer(lesson, 'sort', []).points).toBe(0);
    expect(checkAnswer(lesson, 'sort', ['address=ok', 'password=private', 'hobby=ok', 'colour=ok']).feedback.map((f) => f.correct)).toEqual([false, true, true, true]);
  });

  it('refuses malformed, unknown, repeated or missing placements', () => {
    for (const bad of [
      ['address', 'password=private', 'hobby=ok', 'colour=ok'],
      ['address=public', 'password=private', 'hobby=ok', 'colour=ok'],
      ['nope=ok', 'password=private', 'hobby=ok', 'colour=ok'],
      ['address=private=ok', 'password=private', 'hobby=ok', 'colour=ok'],
      ['address=private', 'address=ok', 'hobby=ok', 'colour=ok'],
      ['address=private', 'password=private', 'hobby=ok'],
    ]) expect(errorOf(() => checkAnswer(lesson, 'sort', bad)).code).toBe('invalid_answer');
  });
});

describe('scoreAttempt over every kind', () => {
  it('sums chat, order, sort and drawn items; reflection is never scored', () => {
    const score = scoreAttempt(lesson, drawn, { ...perfect, reflect: ['my private thoughts'] });
    expect(score).toMatchObject({ points: 10, maxPoints: 10, percent: 100, passed: true, completionOnly: false, mustPassFailed: [] });
    expect(score.items.map((i) => i.key)).toEqual(['chat', 'order', 'sort', 'quiz/q-single']);
    expect(errorOf(() => checkAnswer(lesson, 'reflect', ['x'])).code).toBe('unknown_item');
  });

  it('rates competence per objective across kinds', () => {
    const rate = (answers: Answers) => scoreAttempt(lesson, drawn, answers).objectives;
    expect(rate(perfect)).toEqual({ 'o-chat': 'secure', 'o-order': 'secure', 'o-sort': 'secure' });
    // o-order = order (3) + q-single (1): a wrong q-single leaves 3 of 4 = 75 %, all wrong → misconception.
    expect(rate({ ...perfect, 'quiz/q-single': ['b'] })['o-order']).toBe('misconception');
    expect(rate({ ...perfect, order: ['save', 'block', 'tell', 'stop'] })['o-order']).toBe('developing'); // 2 + 1 of 4
    expect(rate({ ...perfect, order: ['tell', 'block', 'save', 'stop'] })['o-order']).toBe('misconception');
    // Chat: every chosen choice below its node best is all wrong; one best choice is not.
    expect(rate({ 'chat/n1': ['send-photo'], 'chat/n2': ['send'] })['o-chat']).toBe('misconception');
    expect(rate({ 'chat/n1': ['send-photo'], 'chat/n2': ['block'] })['o-chat']).toBe('developing');
    expect(rate({ ...perfect, sort: ['address=ok', 'password=ok', 'hobby=private', 'colour=private'] })['o-sort']).toBe('misconception');
    expect(rate({ ...perfect, sort: ['address=private', 'password=ok', 'hobby=ok', 'colour=ok'] })['o-sort']).toBe('developing');
  });

  it('passes a completion-only lesson when every scored step is answered, whatever the score', () => {
    const band: Lesson = { ...lesson, manifest: { ...lesson.manifest, completionOnly: true } };
    const allWrong: Answers = { 'chat/n1': ['send-photo'], 'chat/n2': ['send'], order: [...ORDER].reverse(), sort: [...SORTED].map((s) => s.replace('=private', '=x').replace('=ok', '=private').replace('=x', '=ok')), 'quiz/q-single': ['b'] };
    const score = scoreAttempt(band, drawn, allWrong);
    expect(score).toMatchObject({ completionOnly: true, passed: true, percent: 0, mustPassFailed: ['chat'] });
    expect(scoreAttempt(band, drawn, { ...allWrong, sort: [] }).passed).toBe(false);
    expect(scoreAttempt(band, drawn, { ...allWrong, 'quiz/q-single': [] }).passed).toBe(false);
    expect(scoreAttempt(band, drawn, { ...allWrong, 'chat/n2': [] }).passed).toBe(false); // conversation not finished
    expect(scoreAttempt(band, drawn, { ...allWrong, 'chat/n1': ['tell-adult'], 'chat/n2': [] }).passed).toBe(true); // that path ended
  });
});

describe('shuffleFor', () => {
  it('is a deterministic permutation that depends on the seed', () => {
    const a = shuffleFor('attempt-1/order', ORDER);
    expect(shuffleFor('attempt-1/order', ORDER)).toEqual(a);
    expect([...a].sort()).toEqual([...ORDER].sort());
    const orders = new Set(Array.from({ length: 30 }, (_, i) => shuffleFor(`attempt-${i}/order`, ORDER).join()));
    expect(orders.size).toBeGreaterThan(5);
    expect(ORDER).toEqual(['stop', 'save', 'block', 'tell']); // input untouched
  });

  it('never shows an order step in its authored (correct) order', () => {
    for (let i = 0; i < 500; i++) expect(shuffleFor(`seed-${i}`, ['a', 'b'])).toEqual(['b', 'a']);
    for (let i = 0; i < 500; i++) expect(shuffleFor(`seed-${i}`, ORDER)).not.toEqual(ORDER);
    expect(shuffleFor('x', [])).toEqual([]);
    expect(shuffleFor('x', ['only'])).toEqual(['only']);
  });
});

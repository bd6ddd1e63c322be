/** A small in-memory lesson for the web tests (independent of modules/ so content edits cannot break them). */
import type { Lesson } from '../../../src/catalog';

const en: Record<string, string> = {
  title: 'Spot the scam',
  summary: 'Learn to spot fake messages.',
  'obj.otp': 'Never share a one-time code.',
  'story.title': 'A strange message',
  'story.s1': 'Lan gets a message on her phone. <script>alert(1)</script>',
  'story.s2': 'It says she won a prize.',
  'spot.title': 'Find the warning signs',
  'spot.instr': 'Tap the warning signs.',
  'spot.sender': 'Prize Centre',
  'spot.meta': 'Today 09:41',
  'spot.a': 'Congratulations, you won 5,000,000 VND!',
  'spot.a.fb': 'A prize you never entered for is a classic trick.',
  'spot.b': 'Have a nice day.',
  'spot.b.fb': 'A friendly greeting is not a warning sign by itself.',
  'quiz.title': 'Quick check',
  'q1.prompt': 'Someone asks for the OTP code sent to your phone. What do you do?',
  'q1.a': 'Send it quickly',
  'q1.a.fb': 'UNSAFE-FEEDBACK-Q1A: an OTP is the key to your account.',
  'q1.b': 'Never share it and tell an adult',
  'q1.b.fb': 'SAFE-FEEDBACK-Q1B: nobody genuine needs your OTP.',
  'q2.prompt': 'A real bank will ask for your password by SMS.',
  'q2.t.fb': 'SECRET-FEEDBACK-Q2T',
  'q2.f.fb': 'SECRET-FEEDBACK-Q2F',
  'q3.prompt': 'Which are warning signs?',
  'q3.a': 'Urgency', 'q3.a.fb': 'SECRET-FEEDBACK-Q3A',
  'q3.b': 'A known sender', 'q3.b.fb': 'SECRET-FEEDBACK-Q3B',
  'help.title': 'Who can help',
};
const vi: Record<string, string> = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, `VI ${v}`]));
vi['q1.b.fb'] = 'Không bao giờ chia sẻ mã OTP — PHẢN HỒI VI.';

export function testLesson(): Lesson {
  return {
    dir: '/nowhere',
    texts: { en, vi },
    manifest: {
      id: 'b-3-test-lesson', code: 'B-3', version: 1, ageBands: ['B'], topics: ['scams'], minutes: 20,
      title: 'title', summary: 'summary', passMark: 80, mustPass: ['q1'], completionOnly: false, readAloud: false,
      teacher: { activity: 'title', discussion: ['title', 'summary'], disclosure: 'summary' }, family: 'summary',
      objectives: [{ id: 'otp', text: 'obj.otp' }],
      steps: [
        { id: 'intro', kind: 'story', title: 'story.title', slides: [{ body: 'story.s1' }, { body: 'story.s2' }] },
        {
          id: 'spot', kind: 'spot', title: 'spot.title', instructions: 'spot.instr', points: 2, objective: 'otp',
          artefact: { type: 'sms', sender: 'spot.sender', meta: 'spot.meta', segments: [
            { id: 'a', text: 'spot.a', flag: true, feedback: 'spot.a.fb' },
            { id: 'b', text: 'spot.b', flag: false, feedback: 'spot.b.fb' },
          ] },
        },
        {
          id: 'quiz', kind: 'quiz', title: 'quiz.title', draw: 3, items: [
            { id: 'q1', type: 'single', prompt: 'q1.prompt', points: 1, objective: 'otp', options: [
              { id: 'a', text: 'q1.a', correct: false, feedback: 'q1.a.fb' },
              { id: 'b', text: 'q1.b', correct: true, feedback: 'q1.b.fb' },
            ] },
            { id: 'q2', type: 'truefalse', prompt: 'q2.prompt', points: 1, options: [
              { id: 'true', correct: false, feedback: 'q2.t.fb' },
              { id: 'false', correct: true, feedback: 'q2.f.fb' },
            ] },
            { id: 'q3', type: 'multiple', prompt: 'q3.prompt', points: 1, options: [
              { id: 'a', text: 'q3.a', correct: true, feedback: 'q3.a.fb' },
              { id: 'b', text: 'q3.b', correct: false, feedback: 'q3.b.fb' },
            ] },
          ],
        },
        { id: 'help', kind: 'help', title: 'help.title', audience: 'child' },
      ],
    },
  };
}

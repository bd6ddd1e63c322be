/** An in-memory v2 lesson for the web tests: chat, order, sort, reflection, adult help, art. */
import type { Lesson } from '../../../src/catalog';

const en: Record<string, string> = {
  title: 'Safe chats', summary: 'Practise what to do.', 'obj.a': 'Ask for help.',
  'story.title': 'Meet Lan', 'story.s1': 'Lan plays games after school.',
  'quiz.title': 'Quick check', 'q1.prompt': 'Who can help?', 'q1.a': 'A trusted adult', 'q1.a.fb': 'Q1A-FB', 'q1.b': 'Nobody', 'q1.b.fb': 'Q1B-FB',
  'q2.prompt': 'Share OTP?', 'q2.t.fb': 'Q2T-FB', 'q2.f.fb': 'Q2F-FB',
  'chat.title': 'A new friend', 'chat.instr': 'Choose what Lan does.', 'chat.name': 'Minh Anh', 'chat.status': 'Active now',
  'n1.m1': 'Hi! You play really well.', 'n1.m2': 'Send me a photo of you?',
  'n1.c1': 'I will ask my mum first.', 'n1.c1.fb': 'CHAT-FB-SAFE', 'n1.c2': 'OK, here it is.', 'n1.c2.fb': 'CHAT-FB-RISK',
  'n2s.m1': 'Lan told her mum and blocked the account.', 'n2r.m1': 'Now send another or I tell everyone.',
  'n2r.c1': 'Stop and tell an adult.', 'n2r.c1.fb': 'CHAT-FB-N2R-GOOD', 'n2r.c2': 'Send another.', 'n2r.c2.fb': 'CHAT-FB-N2R-BAD',
  'n3.m1': 'Lan got help.',
  'order.title': 'What to do', 'order.prompt': 'Put the steps in order.',
  'o.stop': 'Stop replying', 'o.stop.fb': 'ORDER-FB-STOP', 'o.save': 'Save screenshots', 'o.save.fb': 'ORDER-FB-SAVE',
  'o.tell': 'Tell an adult', 'o.tell.fb': 'ORDER-FB-TELL', 'o.report': 'Report the account', 'o.report.fb': 'ORDER-FB-REPORT',
  'sort.title': 'Private or OK?', 'sort.prompt': 'Sort the cards.', 'g.private': 'Keep private', 'g.ok': 'OK to share',
  'c.address': 'Home address', 'c.address.fb': 'SORT-FB-ADDRESS', 'c.colour': 'Favourite colour', 'c.colour.fb': 'SORT-FB-COLOUR',
  'c.otp': 'OTP code', 'c.otp.fb': 'SORT-FB-OTP', 'c.pet': 'Pet name', 'c.pet.fb': 'SORT-FB-PET',
  'reflect.title': 'Think', 'reflect.prompt': 'What would you do?',
  'help.title': 'Who can help', 'family': 'Family note', 'teacher.activity': 'Activity', 'teacher.d1': 'D1', 'teacher.d2': 'D2', 'teacher.disc': 'Disclosure',
};
const vi: Record<string, string> = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, `VI ${v}`]));

export function v2Lesson(opts: { readAloud?: boolean; completionOnly?: boolean; audience?: 'child' | 'adult'; app?: 'zalo' | 'video-call' } = {}): Lesson {
  return {
    dir: '/nowhere',
    texts: { en, vi },
    manifest: {
      id: 'b-2-safe-chats', code: 'B-2', version: 3, ageBands: [opts.readAloud ? 'A' : 'B'], topics: ['grooming'], minutes: 20,
      title: 'title', summary: 'summary', passMark: 80, mustPass: ['chat'],
      completionOnly: opts.completionOnly ?? false, readAloud: opts.readAloud ?? false,
      teacher: { activity: 'teacher.activity', discussion: ['teacher.d1', 'teacher.d2'], disclosure: 'teacher.disc' }, family: 'family',
      objectives: [{ id: 'a', text: 'obj.a' }],
      steps: [
        { id: 'intro', kind: 'story', title: 'story.title', slides: [{ body: 'story.s1', art: 'assets/lan-phone.svg' }] },
        { id: 'quiz', kind: 'quiz', title: 'quiz.title', draw: 2, items: [
          { id: 'q1', type: 'single', prompt: 'q1.prompt', points: 1, art: 'assets/help.svg', options: [
            { id: 'a', text: 'q1.a', correct: true, feedback: 'q1.a.fb' }, { id: 'b', text: 'q1.b', correct: false, feedback: 'q1.b.fb' }] },
          { id: 'q2', type: 'truefalse', prompt: 'q2.prompt', points: 1, options: [
            { id: 'true', correct: false, feedback: 'q2.t.fb' }, { id: 'false', correct: true, feedback: 'q2.f.fb' }] },
        ] },
        {
          id: 'chat', kind: 'chat', title: 'chat.title', instructions: 'chat.instr', app: opts.app ?? 'zalo',
          contact: { name: 'chat.name', status: 'chat.status' }, objective: 'a', points: 4, start: 'n1',
          nodes: [
            { id: 'n1', messages: [{ from: 'them', text: 'n1.m1' }, { from: 'them', text: 'n1.m2' }], choices: [
              { id: 'ask-adult', text: 'n1.c1', points: 2, feedback: 'n1.c1.fb', next: 'n2-safe' },
              { id: 'send-photo', text: 'n1.c2', points: 0, feedback: 'n1.c2.fb', next: 'n2-risk' }] },
            { id: 'n2-safe', messages: [{ from: 'system', text: 'n2s.m1' }], outcome: 'safe' },
            { id: 'n2-risk', messages: [{ from: 'them', text: 'n2r.m1' }], choices: [
              { id: 'tell', text: 'n2r.c1', points: 2, feedback: 'n2r.c1.fb', next: 'n3' },
              { id: 'again', text: 'n2r.c2', points: 0, feedback: 'n2r.c2.fb' }] },
            { id: 'n3', messages: [{ from: 'system', text: 'n3.m1' }], outcome: 'neutral' },
          ],
        },
        { id: 'order', kind: 'order', title: 'order.title', prompt: 'order.prompt', points: 2, objective: 'a', items: [
          { id: 'stop', text: 'o.stop', feedback: 'o.stop.fb' }, { id: 'save', text: 'o.save', feedback: 'o.save.fb' },
          { id: 'tell', text: 'o.tell', feedback: 'o.tell.fb' }, { id: 'report', text: 'o.report', feedback: 'o.report.fb' }] },
        { id: 'sort', kind: 'sort', title: 'sort.title', prompt: 'sort.prompt', points: 2, objective: 'a',
          groups: [{ id: 'private', label: 'g.private' }, { id: 'ok', label: 'g.ok' }],
          cards: [
            { id: 'address', text: 'c.address', art: 'assets/house.svg', group: 'private', feedback: 'c.address.fb' },
            { id: 'colour', text: 'c.colour', group: 'ok', feedback: 'c.colour.fb' },
            { id: 'otp', text: 'c.otp', group: 'private', feedback: 'c.otp.fb' },
            { id: 'pet', text: 'c.pet', group: 'ok', feedback: 'c.pet.fb' }] },
        { id: 'reflect', kind: 'reflection', title: 'reflect.title', prompt: 'reflect.prompt' },
        { id: 'help', kind: 'help', title: 'help.title', audience: opts.audience ?? 'child' },
      ],
    },
  };
}

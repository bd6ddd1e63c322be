import path from 'node:path';
import { createI18n, type I18n } from '../../../src/i18n';
import type { AttemptScore } from '../../../src/learning';
import { createViewRenderer, type ViewRenderer } from '../../../src/web/views';
import { buildPlayerViewModel } from '../../../src/web/player.view-model';
import { buildResultViewModel } from '../../../src/web/result.view-model';
import { v2Lesson } from './v2-lesson.fixture';

const root = path.resolve(__dirname, '../../..');
let i18n: I18n;
let views: ViewRenderer;
beforeAll(async () => {
  i18n = await createI18n(path.join(root, 'locales'));
  views = createViewRenderer({ viewsDir: path.join(root, 'views'), i18n, cache: true });
});

type Opts = Parameters<typeof v2Lesson>[0];
function render(answers: Record<string, string[]> = {}, opts: Opts = {}, locale: 'en' | 'vi' = 'en', id = 'att-1') {
  const model = buildPlayerViewModel({
    lesson: v2Lesson(opts), locale, token: 't',
    attempt: { id, drawn: { quiz: ['q1', 'q2'] }, answers, position: null, status: 'in_progress' },
  });
  return { model, html: views.render('pages/player', model, { locale, title: 'x' }) };
}
const section = (html: string, id: string) => html.slice(html.indexOf(`id="step-${id}"`), html.indexOf('</section>', html.indexOf(`id="step-${id}"`)));

describe('v2 player: nothing tells right from wrong before an answer', () => {
  test('no feedback, points, next ids or right groups in the page or config', () => {
    const { html, model } = render();
    expect(html).not.toMatch(/CHAT-FB|ORDER-FB|SORT-FB|Q1A-FB|Q2T-FB/);
    const chat = section(html, 'chat');
    // Choices carry only their id and text: not where they lead, not their points.
    expect(chat).toMatch(/data-choice="ask-adult">I will ask my mum first\.<\/button>/);
    expect(chat).not.toMatch(/data-(next|points|correct)|points/);
    for (const choice of chat.match(/<button[^>]*class="chat__choice"[^>]*>/g) ?? []) expect(choice).not.toMatch(/n2-|n3/);
    expect(html).not.toMatch(/data-group="(private|ok)"[^>]*data-card|data-right/);
    const config = JSON.stringify(model.config);
    expect(config).not.toMatch(/correct|feedback|next|n2-|points|private/);
    expect(model.config.keys).toEqual(['quiz/q1', 'quiz/q2', 'chat/n1', 'order', 'sort']);
    expect(model.unanswered).toBe(5);
  });
});

describe('chat', () => {
  test('shows the start node in a live log, open choices, the rest waiting in a hidden pool', () => {
    const chat = section(render().html, 'chat');
    expect(chat).toMatch(/class="chat__log"[^>]*role="log" aria-live="polite"/);
    const log = chat.slice(chat.indexOf('chat__log'), chat.indexOf('chat__decide'));
    expect(log).toContain('Hi! You play really well.');
    expect(log).not.toContain('Lan told her mum');
    expect(chat).toMatch(/class="chat__pool" hidden>[\s\S]*Lan told her mum[\s\S]*Now send another/);
    expect(chat).toMatch(/<fieldset class="chat__choices" data-key="chat\/n1" data-node="n1">/);
    expect(chat).toMatch(/data-key="chat\/n2-risk" data-node="n2-risk" hidden>/);
    expect(chat).toContain('phone--zalo');
    expect(chat).toContain('Minh Anh');
  });

  test('a resumed chat shows the path taken, locked, with feedback, and the next decision open', () => {
    const { html, model } = render({ 'chat/n1': ['send-photo'] });
    const chat = section(html, 'chat');
    const log = chat.slice(chat.indexOf('chat__log'), chat.indexOf('chat__decide'));
    expect(log).toContain('OK, here it is.');
    expect(log).toMatch(/fb--unsafe[\s\S]*CHAT-FB-RISK/);
    expect(log).toContain('Now send another or I tell everyone.');
    expect(log).not.toContain('CHAT-FB-SAFE');
    expect(chat).not.toContain('data-key="chat/n1"'); // answered: no buttons any more
    expect(chat).toMatch(/data-key="chat\/n2-risk" data-node="n2-risk">/);
    expect(chat).not.toContain('CHAT-FB-N2R');
    expect(model.config.keys).toContain('chat/n2-risk');
    expect(model.unanswered).toBe(5);
  });

  test('a finished chat shows the ending and no open decision', () => {
    const chat = section(render({ 'chat/n1': ['ask-adult'] }).html, 'chat');
    expect(chat).toMatch(/chat__log[\s\S]*Lan told her mum[\s\S]*A safe ending\./);
    expect(chat).toMatch(/class="chat__ended" data-ended>/);
  });

  test('video call: dark call screen with timer and hang-up drawn in HTML', () => {
    const chat = section(render({}, { app: 'video-call' }).html, 'chat');
    expect(chat).toContain('phone--video-call');
    expect(chat).toContain('data-timer');
    expect(chat).toContain('call__hangup');
  });
});

describe('order, sort, reflection', () => {
  const orderIds = (html: string) => [...section(html, 'order').matchAll(/data-item="([a-z]+)"/g)].map((m) => m[1]);

  test('order is shuffled deterministically per attempt and never starts solved', () => {
    const a = orderIds(render().html);
    expect(a).toEqual(orderIds(render().html));
    expect(a.slice().sort()).toEqual(['report', 'save', 'stop', 'tell']);
    expect(a).not.toEqual(['stop', 'save', 'tell', 'report']);
    const others = ['att-2', 'att-3', 'att-4', 'att-5'].map((id) => orderIds(render({}, {}, 'en', id).html).join());
    expect(new Set([a.join(), ...others]).size).toBeGreaterThan(1);
    expect(section(render().html, 'order')).toMatch(/aria-label="Move “Stop replying” up"/);
  });

  test('a checked order shows the right order with each item\'s feedback', () => {
    const order = section(render({ order: ['save', 'stop', 'tell', 'report'] }).html, 'order');
    expect(order).toContain('The right order');
    expect(order).toMatch(/Stop replying[\s\S]*You put this at place 2\.[\s\S]*ORDER-FB-STOP/);
    expect(order).toMatch(/Tell an adult[\s\S]*In the right place\.[\s\S]*ORDER-FB-TELL/);
    expect(orderIds(order)).toEqual(['save', 'stop', 'tell', 'report']); // the learner's own order, locked
    expect(order).not.toContain('order__move');
  });

  test('sort: one radio group per card, feedback only after the check', () => {
    const open = section(render().html, 'sort');
    expect(open.match(/type="radio"/g)).toHaveLength(8);
    expect(open).toMatch(/name="sort-sort-address" value="private"/);
    const done = section(render({ sort: ['address=ok', 'colour=ok', 'otp=private', 'pet=ok'] }).html, 'sort');
    expect(done).toMatch(/Home address[\s\S]*fb--unsafe[\s\S]*It belongs in “Keep private”[\s\S]*SORT-FB-ADDRESS/);
    expect(done).toMatch(/OTP code[\s\S]*fb--safe[\s\S]*Right group\./);
    expect(done).toMatch(/id="sort-sort-address-ok" name="sort-sort-address" value="ok" checked/);
  });

  test('reflection: no form, no name, a private note, never counted', () => {
    const { html, model } = render();
    const r = section(html, 'reflect');
    expect(r).toMatch(/<textarea class="reflection__input" id="reflect-reflect"/);
    expect(r).not.toMatch(/\sname=|<form|action=/);
    expect(r).toContain('never saved or sent');
    expect(model.config.keys.join()).not.toContain('reflect');
  });
});

describe('art, band A, adult help', () => {
  test('art is lazy, decorative, in a fixed box, from the lesson version folder', () => {
    const html = render().html;
    expect(html).toContain('<div class="art"><img src="/lessons/b-2-safe-chats/v3/assets/lan-phone.svg" alt="" loading="lazy"');
    expect(html).toContain('/lessons/b-2-safe-chats/v3/assets/help.svg');
    expect(html).toContain('/lessons/b-2-safe-chats/v3/assets/house.svg');
  });

  test('band A: larger player, read-aloud buttons (hidden until a voice exists) and their script', () => {
    const plain = render().html;
    expect(plain).not.toContain('read-aloud');
    expect(plain).not.toContain('player-speech.js');
    const a = render({}, { readAloud: true }, 'vi').html;
    expect(a).toContain('class="player player--large"');
    expect(a).toMatch(/<button type="button" class="read-aloud" data-read="slide-intro-1-text" hidden>/);
    expect(a).toMatch(/data-read="q-quiz-q1-prompt q-quiz-q1-options"/);
    expect(a).toContain('Đọc to');
    expect(a).toContain('src="/static/js/player-speech.js" defer');
  });

  test('adult help card: 113, local police, platform, trusted person; 111 only for under-18s', () => {
    const help = section(render({}, { audience: 'adult' }).html, 'help');
    expect(help).toContain('help-card--adult');
    expect(help.indexOf('tel:113')).toBeLessThan(help.indexOf('tel:111'));
    expect(help).toContain('local police');
    expect(help).toContain('under 18');
    expect(section(render().html, 'help')).not.toContain('help-card--adult');
  });

  test('page stays CSP-clean: no inline script, style or handler, no external URL', () => {
    const html = render({}, { readAloud: true, app: 'video-call' }).html;
    for (const s of html.match(/<script[^>]*>/g) ?? []) expect(s).toMatch(/src="\/static\/|type="application\/json"/);
    expect(html).not.toMatch(/\son[a-z]+="|\sstyle="|https?:\/\//);
  });
});

describe('result page (v2)', () => {
  const score = (over: Partial<AttemptScore> = {}): AttemptScore => ({
    points: 6, maxPoints: 12, percent: 50, passed: false, completionOnly: false, mustPassFailed: ['chat'], objectives: { a: 'developing' },
    items: [
      { key: 'chat/n1', correct: false, points: 0, maxPoints: 2, feedback: [
        { id: 'ask-adult', feedbackKey: 'n1.c1.fb', correct: true, chosen: false }, { id: 'send-photo', feedbackKey: 'n1.c2.fb', correct: false, chosen: true }] },
      { key: 'order', correct: false, points: 1, maxPoints: 2, feedback: [
        { id: 'stop', feedbackKey: 'o.stop.fb', correct: true, chosen: true }, { id: 'save', feedbackKey: 'o.save.fb', correct: false, chosen: true },
        { id: 'tell', feedbackKey: 'o.tell.fb', correct: false, chosen: true }, { id: 'report', feedbackKey: 'o.report.fb', correct: true, chosen: true }] },
    ],
    ...over,
  });
  const result = (s: AttemptScore, opts: Opts = {}) => views.render('pages/result', buildResultViewModel({
    lesson: v2Lesson(opts), locale: 'en', score: s, attemptNumber: 1, canRetry: true, retryAction: '/r', token: 't',
  }), { locale: 'en', title: 'x' });

  test('chat decisions and order steps are listed with feedback; must-pass chat shows the safe choice', () => {
    const html = result(score());
    expect(html).toMatch(/A new friend: Send me a photo of you\?[\s\S]*Unsafe choice\.[\s\S]*your answer[\s\S]*CHAT-FB-RISK/);
    expect(html).toMatch(/What to do: Put the steps in order\.[\s\S]*Not in the right place\.[\s\S]*ORDER-FB-SAVE/);
    expect(html).toMatch(/must-pass[\s\S]*I will ask my mum first\.[\s\S]*CHAT-FB-SAFE/);
    expect(html).toContain('Not passed yet');
  });

  test('completion-only lessons say "You finished the lesson!" instead of pass/fail', () => {
    const html = result(score({ mustPassFailed: [], completionOnly: true }), { completionOnly: true, readAloud: true });
    expect(html).toContain('You finished the lesson!');
    expect(html).not.toContain('Not passed yet');
    expect(html).toContain('50%');
  });
});

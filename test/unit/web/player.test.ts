import path from 'node:path';
import { createI18n, type I18n } from '../../../src/i18n';
import { createViewRenderer, safeJson, type ViewRenderer } from '../../../src/web/views';
import { buildPlayerViewModel } from '../../../src/web/player.view-model';
import { testLesson } from './lesson.fixture';

const root = path.resolve(__dirname, '../../..');
let i18n: I18n;
let views: ViewRenderer;

beforeAll(async () => {
  i18n = await createI18n(path.join(root, 'locales'));
  views = createViewRenderer({ viewsDir: path.join(root, 'views'), i18n, cache: true });
});

const attempt = (over: Partial<Parameters<typeof buildPlayerViewModel>[0]['attempt']> = {}) => ({
  id: 'att-1', drawn: { quiz: ['q2', 'q1', 'q3'] }, answers: {}, position: null, status: 'in_progress' as const, ...over,
});

function renderPlayer(locale: 'vi' | 'en' | 'fr' | 'id', over: Parameters<typeof attempt>[0] = {}) {
  const model = buildPlayerViewModel({ lesson: testLesson(), locale, attempt: attempt(over), token: 'tok.en-123' });
  return views.render('pages/player', model, { locale, title: 'Lesson', switcherUrl: (l) => `/play?lang=${l}` });
}

describe('player page', () => {
  test('carries no correctness or feedback for unanswered items', () => {
    const html = renderPlayer('en');
    expect(html).not.toContain('SECRET-FEEDBACK');
    expect(html).not.toContain('FEEDBACK-Q1');
    expect(html).not.toContain('classic trick'); // spot segment feedback
    expect(html).not.toMatch(/data-(correct|flag)|fb--(safe|unsafe|found|missed)/);
    const config = JSON.parse(/id="player-config">([^<]*)</.exec(html)![1]!);
    expect(JSON.stringify(config)).not.toMatch(/correct|flag|feedback/);
    expect(config.keys).toEqual(['spot', 'quiz/q2', 'quiz/q1', 'quiz/q3']);
  });

  test('answered items are locked and show the localized feedback', () => {
    const over = { answers: { 'quiz/q1': ['b'], spot: ['b'] }, position: 'quiz' };
    const en = renderPlayer('en', over);
    expect(en).toContain('SAFE-FEEDBACK-Q1B');
    expect(en).toContain('UNSAFE-FEEDBACK-Q1A');
    expect(en).toContain('Safe choice.');
    expect(en).toContain('Warning sign you missed.');
    expect(en).toMatch(/id="q-quiz-q1"[^>]*data-answered="true"[\s\S]*?<fieldset class="item__set" disabled>/);
    expect(en).not.toContain('SECRET-FEEDBACK'); // q2 and q3 are still open
    const vi = renderPlayer('vi', over);
    expect(vi).toContain('PHẢN HỒI VI');
    expect(vi).toContain('Lựa chọn an toàn.');
    expect(vi).toContain('Em còn 2 câu chưa trả lời');
  });

  test('shows the step saved as position and keeps the drawn order', () => {
    const html = renderPlayer('en', { position: 'quiz' });
    expect(html).toMatch(/id="step-intro"[^>]*hidden/);
    expect(html).not.toMatch(/id="step-quiz"[^>]*hidden/);
    expect(html).toContain('Step 3 of 4');
    expect(html.indexOf('q-quiz-q2')).toBeLessThan(html.indexOf('q-quiz-q1'));
    expect(html).toMatch(/<label for="q-quiz-q2-true">True<\/label>/);
    expect(html).toMatch(/type="checkbox" id="q-quiz-q3-a"/);
  });

  test.each(['fr', 'id'] as const)('%s shows the lesson in English with a note', (locale) => {
    const html = renderPlayer(locale);
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toContain(i18n.getFixedT(locale)('player:englishFallback'));
    expect(html).toContain('Lan gets a message');
    expect(html).toMatch(/<article class="player" id="player" lang="en"/);
  });

  test.each(['vi', 'en'] as const)('%s has the right lang and no fallback note', (locale) => {
    const html = renderPlayer(locale);
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).not.toContain(i18n.getFixedT(locale)('player:englishFallback'));
  });

  test('escapes lesson text', () => {
    const html = renderPlayer('en');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  test('layout: session meta, stylesheet, skip link, switcher, no inline script', () => {
    const html = renderPlayer('vi');
    expect(html).toContain('<meta name="fs-session" content="tok.en-123">');
    expect(html).toContain('href="/static/css/app.css"');
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain('<main id="main"');
    // Handlebars escapes "=" in attribute values as &#x3D;, which browsers decode.
    for (const l of ['vi', 'en', 'fr', 'id']) expect(html).toContain(`href="/play?lang&#x3D;${l}"`);
    expect(html).toMatch(/hreflang="vi" title="Tiếng Việt" aria-current="true"/);
    // Every <script> is either external or a JSON data block (CSP script-src 'self').
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    for (const s of scripts) expect(s).toMatch(/src="\/static\/|type="application\/json"/);
    expect(html).not.toMatch(/\son[a-z]+="/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('the switcher is hidden without switcherUrl', () => {
    const model = buildPlayerViewModel({ lesson: testLesson(), locale: 'en', attempt: attempt(), token: 't' });
    expect(views.render('pages/player', model, { locale: 'en', title: 'x' })).not.toContain('lang-switch');
  });

  test('safeJson cannot close a script element', () => {
    const out = safeJson({ t: '</script><!-- & \u2028' });
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual({ t: '</script><!-- & \u2028' });
  });

  test('client strings are embedded for the page locale', () => {
    const html = renderPlayer('fr');
    const strings = JSON.parse(/id="player-strings">([^<]*)</.exec(html)![1]!);
    expect(strings.submitAnyway).toBe('Envoyer quand même');
  });
});

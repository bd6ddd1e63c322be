import fs from 'node:fs';
import path from 'node:path';
import { createI18n, UI_LOCALES, type I18n } from '../../../src/i18n';
import { scoreAttempt } from '../../../src/learning';
import { createViewRenderer, type ViewRenderer } from '../../../src/web/views';
import { buildResultViewModel } from '../../../src/web/result.view-model';
import { testLesson } from './lesson.fixture';

const root = path.resolve(__dirname, '../../..');
let i18n: I18n;
let views: ViewRenderer;

beforeAll(async () => {
  i18n = await createI18n(path.join(root, 'locales'));
  views = createViewRenderer({ viewsDir: path.join(root, 'views'), i18n, cache: false });
});

function result(locale: 'vi' | 'en' | 'fr' | 'id', canRetry = true) {
  const lesson = testLesson();
  const score = scoreAttempt(lesson, { quiz: ['q1', 'q2', 'q3'] }, { 'quiz/q1': ['a'], 'quiz/q2': ['false'], spot: ['a'] });
  const model = buildResultViewModel({ lesson, locale, score, attemptNumber: 2, canRetry, retryAction: '/attempts/retry', token: 'tok-9', gradeSync: 'failed' });
  return { model, html: views.render('pages/result', model, { locale, title: 'Result' }) };
}

describe('result page', () => {
  test('shows score, the must-pass item missed with the safe answer, each answer and feedback', () => {
    const { model, html } = result('en');
    expect(model.passed).toBe(false);
    expect(html).toContain(`${model.percent}%`);
    expect(html).toContain('Not passed yet');
    expect(html).toContain('Important safety questions to review');
    expect(html).toMatch(/Never share it and tell an adult[\s\S]*SAFE-FEEDBACK-Q1B/);
    expect(html).toContain('UNSAFE-FEEDBACK-Q1A');
    expect(html).toMatch(/Unsafe choice\.<\/strong> <em class="fb__chosen">\(your answer\)/);
    expect(html).toContain('You did not answer this question.'); // q3
    expect(html).toContain('Never share a one-time code.');
    expect(html).toContain('could not be sent to the gradebook');
    expect(html).toMatch(/<form class="retry" method="post" action="\/attempts\/retry">\s*<input type="hidden" name="s" value="tok-9">/);
  });

  test('no retry form when not allowed; Vietnamese strings', () => {
    const { html } = result('vi', false);
    expect(html).not.toContain('class="retry"');
    expect(html).toContain('Kết quả của em');
    expect(html).toContain('<html lang="vi">');
  });

  test('fr result notes the English fallback', () => {
    expect(result('fr').html).toContain(i18n.getFixedT('fr')('player:englishFallback'));
  });
});

describe('error and message pages', () => {
  test('error page is localized, shows the request id and nothing else', () => {
    const t = i18n.getFixedT('vi');
    const html = views.render('pages/error', { status: 401, title: t('errors:session_invalid.title'), detail: t('errors:session_invalid.detail'), requestId: 'req-42' }, { locale: 'vi', title: 'Lỗi' });
    expect(html).toContain('Phiên làm việc đã kết thúc');
    expect(html).toContain('<code>req-42</code>');
    expect(html).toContain('Lỗi 401');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  test('message page with an optional link', () => {
    const html = views.render('pages/message', { title: 'Done <b>', text: 'Saved.', link: { href: '/x', label: 'Open' } }, { locale: 'en', title: 'Done' });
    expect(html).toContain('Done &lt;b&gt;');
    expect(html).toContain('<a class="btn btn--primary" href="/x">Open</a>');
  });

  test.each(['launch_invalid', 'launch_expired', 'launch_replayed', 'unknown_platform', 'unknown_deployment', 'unsupported_message',
    'lesson_missing', 'lesson_unknown', 'no_role', 'forbidden', 'not_found', 'session_invalid', 'bad_request', 'rate_limited', 'internal'])(
    'errors.%s has a title and detail in every locale', (code) => {
      for (const lng of UI_LOCALES) {
        const t = i18n.getFixedT(lng);
        expect(t(`errors:${code}.title`)).not.toBe(`${code}.title`);
        expect(t(`errors:${code}.detail`)).not.toBe(`${code}.detail`);
      }
    });
});

function keysOf(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k)).sort();
}

describe.each(['player', 'layout', 'errors'])('locales/*/%s.json', (ns) => {
  const load = (lng: string) => JSON.parse(fs.readFileSync(path.join(root, 'locales', lng, `${ns}.json`), 'utf8'));
  test.each(['vi', 'fr', 'id'])('%s has the same keys as en, none empty', (lng) => {
    const data = load(lng);
    expect(keysOf(data)).toEqual(keysOf(load('en')));
    for (const key of keysOf(data)) {
      const value = key.split('.').reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, data) as unknown;
      expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
    }
  });
});

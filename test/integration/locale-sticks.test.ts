/**
 * The language switcher remembers the choice (issue 8, "Four languages"): the launch says vi, the
 * user picks fr on one page, and every link, form and redirect after that stays in fr. Nothing
 * after the launch may rely on a cookie (DESIGN.md, LTI), so the choice travels as `lang` in each
 * URL or form; this test follows them the way a browser would and reads <html lang> each time.
 */
import request from 'supertest';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';
import { launchStudent, launchTeacher, play } from './teacher-helpers';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await h.reset(); });

const LANG = 'fr';
const ADMIN = ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'];
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"');

interface Target { method: 'GET' | 'POST'; url: string; fields: Record<string, string> }

/** Internal links and forms of a page, outside the switcher (whose links name the other languages). */
function targets(html: string): Target[] {
  const body = html.replace(/<nav class="lang-switch"[\s\S]*?<\/nav>/, '').replace(/<head>[\s\S]*?<\/head>/, '');
  const out: Target[] = [];
  for (const m of body.matchAll(/<a\b[^>]*\bhref="(\/[^"]*)"/g)) out.push({ method: 'GET', url: decode(m[1]!), fields: {} });
  for (const m of body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = /\baction="([^"]*)"/.exec(m[1]!)?.[1];
    if (!action?.startsWith('/')) continue;
    const fields: Record<string, string> = {};
    for (const i of m[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(i[0])?.[1];
      if (name) fields[name] = decode(/\bvalue="([^"]*)"/.exec(i[0])?.[1] ?? '');
    }
    out.push({ method: /method="post"/i.test(m[1]!) ? 'POST' : 'GET', url: decode(action), fields });
  }
  return out;
}

const langOf = (t: Target) => new URL(t.url, 'http://tool.test').searchParams.get('lang') ?? t.fields.lang;

/** Every internal link and form on the page names the chosen language; returns them. */
function expectAllCarry(html: string, where: string): Target[] {
  const all = targets(html);
  expect(all.filter((t) => langOf(t) !== LANG).map((t) => `${where}: ${t.method} ${t.url}`)).toEqual([]);
  return all;
}

function expectLang(res: request.Response, where: string) {
  expect({ where, status: res.status }).toEqual({ where, status: 200 });
  expect({ where, lang: /<html lang="([a-z]+)"/.exec(res.text)?.[1] }).toEqual({ where, lang: LANG });
}

/** GET a link or submit a form (with the extra fields a user fills in), following redirects. */
async function follow(t: Target, extra: Record<string, string> = {}): Promise<request.Response> {
  let res = t.method === 'GET'
    ? await request(h.tool.app).get(t.url).set('Accept', 'text/html')
    : await request(h.tool.app).post(t.url).type('form').send({ ...t.fields, ...extra });
  for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 5; hops++) {
    const to = res.headers.location!;
    expect({ redirect: to, lang: new URL(to, 'http://tool.test').searchParams.get('lang') }).toEqual({ redirect: to, lang: LANG });
    res = await request(h.tool.app).get(to).set('Accept', 'text/html');
  }
  return res;
}

describe('after switching to fr (launch locale vi)', () => {
  it('the player, the result page and the retry form stay in fr', async () => {
    const s = await launchStudent(h, 'student-sub-1');
    const player = await request(h.tool.app).get(`${s.url}&lang=${LANG}`);
    expectLang(player, 'player');
    expectAllCarry(player.text, 'player');
    await play(h, s, {}, true);
    // The result page as the switcher leaves it (the player's own submit is the next test).
    const result = await request(h.tool.app).get(`/attempts/${s.attemptId}/result?s=${s.token}&lang=${LANG}`);
    expectLang(result, 'result');
    const retry = expectAllCarry(result.text, 'result').find((t) => t.method === 'POST' && t.url.startsWith('/attempts/new'));
    expect(retry).toBeDefined();
    const next = await follow(retry!);
    expectLang(next, 'player after retry');
    // A submitted attempt's player link goes to the result page: the redirect keeps fr too.
    expectLang(await follow({ method: 'GET', url: `/play/${s.attemptId}?s=${s.token}&lang=${LANG}`, fields: {} }), 'redirect to result');
  });

  // KNOWN GAP: the player's API URLs (config.urls, src/web/player.view-model.ts) carry no lang,
  // so the submit answer's resultUrl (and the answer feedback) fall back to the launch locale.
  // When the lead adds ?lang=<locale> there, this starts passing: turn `it.failing` into `it`.
  it('the player\'s own submit leads to a result page in fr', async () => {
    const s = await launchStudent(h, 'student-sub-1');
    const player = await request(h.tool.app).get(`${s.url}&lang=${LANG}`);
    const config = JSON.parse(/<script type="application\/json" id="player-config">([\s\S]*?)<\/script>/.exec(player.text)![1]!) as { urls: { submit: string } };
    await play(h, s, {}, false);
    const submit = await request(h.tool.app).post(config.urls.submit).set(s.auth);
    expect(submit.status).toBe(200);
    expectLang(await follow({ method: 'GET', url: submit.body.resultUrl, fields: {} }), 'result after submit');
  });

  it('every teacher page, form and redirect stays in fr', async () => {
    const student = await launchStudent(h, 'student-sub-1');
    await play(h, student);
    const teacher = await launchTeacher(h);
    const page = await request(h.tool.app).get(`${teacher.url}&lang=${LANG}`);
    expectLang(page, 'assignment');
    const seen = new Set<string>();
    for (const t of expectAllCarry(page.text, 'assignment')) {
      const key = `${t.method} ${t.url.split('?')[0]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // The settings form needs its visible fields too; resend and the rest need nothing more.
      const res = await follow(t, t.url.includes('/settings') ? { passMark: '60', gradingPolicy: 'best' } : {});
      if (t.url.includes('.csv')) { expect(res.status).toBe(200); continue; }
      expectLang(res, key);
      for (const inner of expectAllCarry(res.text, key)) {
        if (inner.method === 'GET' && !inner.url.includes('.csv') && !seen.has(`GET ${inner.url.split('?')[0]}`)) {
          seen.add(`GET ${inner.url.split('?')[0]}`);
          expectLang(await follow(inner), `${key} → ${inner.url.split('?')[0]}`);
        }
      }
    }
    // the course page, lesson guide, family note, settings and resend were all reached
    expect([...seen].join(' ')).toEqual(expect.stringMatching(/course[\s\S]*guide|guide[\s\S]*course/));
    expect([...seen].some((k) => k.startsWith('POST') && k.includes('/settings'))).toBe(true);
  });

  it('the school report\'s links and filter form stay in fr', async () => {
    const { res } = await launch(h, { claims: { sub: 'admin-1', 'https://purl.imsglobal.org/spec/lti/claim/roles': ADMIN } });
    expect(res.status).toBe(303);
    const s = sessionFrom(res.headers.location!);
    const school = await request(h.tool.app).get(`${s.url}${s.url.includes('?') ? '&' : '?'}lang=${LANG}`);
    expectLang(school, 'school');
    for (const t of expectAllCarry(school.text, 'school').filter((x) => !x.url.includes('.csv')).slice(0, 6)) {
      expectLang(await follow(t), `school → ${t.url.split('?')[0]}`);
    }
  });
});

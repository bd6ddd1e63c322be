/**
 * Key parity across the four UI languages (issue 8, "Four languages"): a string missing in one
 * language silently falls back to English on that page, and a missing {{variable}} prints a gap
 * to the student — neither shows up anywhere but in front of a class, so they are checked here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UI_LOCALES } from '../../../src/i18n';

const ROOT = path.resolve(__dirname, '../../..');
const LOCALES = path.join(ROOT, 'locales');
const NAMESPACES = fs.readdirSync(path.join(LOCALES, 'en')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
// i18next picks a plural form from Intl.PluralRules; keys differ only by these suffixes.
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** The plural forms each language must provide (vi and id have one form; en and fr two). */
const REQUIRED_PLURALS: Record<string, string[]> = { en: ['one', 'other'], fr: ['one', 'other'], vi: ['other'], id: ['other'] };

/** Strings left empty on purpose: an unknown SCORM completion shows no badge text at all. */
const EMPTY_ON_PURPOSE = new Set(['scorm:status.unknown', 'scorm:client.status.unknown']);

type Flat = Map<string, string>;

function load(lng: string, ns: string): Flat {
  const file = path.join(LOCALES, lng, `${ns}.json`);
  const out: Flat = new Map();
  const walk = (node: unknown, prefix: string): void => {
    if (typeof node === 'string') out.set(prefix, node);
    // Arrays (lists read with returnObjects, e.g. the privacy notice) compare item by item.
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else out.set(prefix, `<<not a string: ${JSON.stringify(node)}>>`);
  };
  walk(JSON.parse(fs.readFileSync(file, 'utf8')), '');
  return out;
}

const base = (key: string): string => key.replace(PLURAL, '');
const vars = (text: string): string[] => [...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1]!);

/** Base key → plural forms present (empty array for a key that is not plural) and variables used. */
function byBase(flat: Flat): Map<string, { forms: string[]; vars: Set<string> }> {
  const out = new Map<string, { forms: string[]; vars: Set<string> }>();
  for (const [key, text] of flat) {
    const b = base(key);
    const entry = out.get(b) ?? { forms: [], vars: new Set<string>() };
    const form = PLURAL.exec(key)?.[1];
    if (form) entry.forms.push(form);
    for (const v of vars(text)) entry.vars.add(v);
    out.set(b, entry);
  }
  return out;
}

describe.each(NAMESPACES)('locales/*/%s.json', (ns) => {
  const en = byBase(load('en', ns));

  it.each(UI_LOCALES.filter((l) => l !== 'en'))('%s has the same keys and variables as en', (lng) => {
    const file = path.join(LOCALES, lng, `${ns}.json`);
    expect(fs.existsSync(file)).toBe(true);
    const other = byBase(load(lng, ns));
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    const wrongVars = [...en].filter(([k, e]) => [...e.vars].sort().join() !== [...(other.get(k)?.vars ?? [])].sort().join())
      .map(([k, e]) => `${k}: en {${[...e.vars].join()}} ${lng} {${[...(other.get(k)?.vars ?? [])].join()}}`);
    expect(wrongVars).toEqual([]);
  });

  it.each([...UI_LOCALES])('%s has no empty string and every plural form it needs', (lng) => {
    const flat = load(lng, ns);
    expect([...flat].filter(([k, v]) => (v.trim() === '' && !EMPTY_ON_PURPOSE.has(`${ns}:${k}`)) || v.startsWith('<<not a string')).map(([k]) => k)).toEqual([]);
    const bad = [...byBase(flat)].filter(([, e]) => e.forms.length > 0 && !REQUIRED_PLURALS[lng]!.every((f) => e.forms.includes(f)))
      .map(([k, e]) => `${k}: has ${e.forms.join()}`);
    expect(bad).toEqual([]);
  });
});

describe('keys used in code', () => {
  const enKeys = new Set<string>();
  for (const ns of NAMESPACES) for (const key of load('en', ns).keys()) {
    enKeys.add(`${ns}:${base(key)}`);
    // returnObjects lookups ({{tjson "player:client"}}) name a subtree: every parent counts too.
    const parts = key.split('.');
    for (let i = 1; i < parts.length; i++) enKeys.add(`${ns}:${parts.slice(0, i).join('.')}`);
  }
  const files = (dir: string, ext: string, skip: RegExp): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (skip.test(full)) return [];
    if (e.isDirectory()) return files(full, ext, skip);
    return e.name.endsWith(ext) ? [full] : [];
  });
  const nsAlt = NAMESPACES.join('|');
  const used: Array<{ where: string; key: string; dynamic: boolean }> = [];
  // Templates: {{t "ns:key"}}, (t "ns:key" …) and {{tjson "ns:key"}}.
  for (const file of files(path.join(ROOT, 'views'), '.hbs', /views\/demo$/)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/[{(]\s*t(?:json)?\s+"([^"]+)"/g)) used.push({ where: path.relative(ROOT, file), key: m[1]!, dynamic: false });
  }
  // Code: any quoted 'ns:key' (t() calls, titleKey fields, message ids); for a template literal,
  // the static part before ${…} must lead to at least one key.
  // 'scorm:' alone is the SCORM lesson-id prefix, not a key; it has nothing after the colon.
  const literal = new RegExp(`(['"\`])((?:${nsAlt}):[A-Za-z0-9_.-]+)(\\$\\{|\\1)`, 'g');
  for (const file of files(path.join(ROOT, 'src'), '.ts', /src\/demo$/)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(literal)) used.push({ where: path.relative(ROOT, file), key: m[2]!, dynamic: m[3] === '${' });
  }

  it('finds the keys it checks (the scan itself works)', () => {
    expect(used.length).toBeGreaterThan(100);
    expect(used.some((u) => u.key === 'player:progress')).toBe(true);
  });

  it('every key named in views/**/*.hbs and src/**/*.ts exists in en', () => {
    const missing = used.filter((u) => {
      if (!u.dynamic) return !enKeys.has(u.key.replace(PLURAL, ''));
      return ![...enKeys].some((k) => k.startsWith(u.key));
    }).map((u) => `${u.where}: ${u.key}${u.dynamic ? '${…}' : ''}`);
    expect([...new Set(missing)]).toEqual([]);
  });
});

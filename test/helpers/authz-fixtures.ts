/**
 * The authorization table as data: every route of the tool (not /demo) × role → the exact
 * answer. test/integration/authorization.test.ts walks it against the running app, and checks
 * that docs/authorization.md shows the same table (renderAuthorizationTable), so the page and the
 * behaviour cannot drift apart.
 *
 * Targets ("this class", "this school") are class A of school 1. Rows run in order: the learner's
 * rows follow one attempt from first view to submit, and the operator's last row signs out.
 */

export const ROLES = ['anonymous', 'learner', 'instructor', 'otherInstructor', 'admin', 'otherAdmin', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  anonymous: 'anonymous', learner: 'learner (this class)', instructor: 'instructor (this class)',
  otherInstructor: 'instructor (other class)', admin: 'admin (this school)', otherAdmin: 'admin (other school)', operator: 'operator',
};

/** Strings only one class or school may see: the test asserts who never gets them in a body. */
export const SECRETS = {
  classA: 'Class Alpha 7A1', learnerA: 'Alice Nguyen', classB: 'Class Bravo 7B2', learnerB: 'Bao Tran',
  classC: 'Class Charlie 9C3', learnerC: 'Chi Pham', scormA: 'Alpha Golf Pack',
} as const;
export type Secret = keyof typeof SECRETS;

/** What each role must never find in any answer, allowed or not. */
export const NEVER_SEES: Record<Role, Secret[]> = {
  anonymous: Object.keys(SECRETS) as Secret[],
  learner: ['learnerB', 'classB', 'learnerC', 'classC'],
  instructor: ['learnerB', 'classB', 'learnerC', 'classC'],
  otherInstructor: ['learnerA', 'classA', 'learnerC', 'classC'],
  admin: ['learnerC', 'classC'],
  otherAdmin: ['learnerA', 'classA', 'learnerB', 'classB', 'scormA'],
  operator: [],
};

export interface Expect {
  status: number;
  /** Redirect target (Location) pattern. */
  to?: RegExp;
  /** Secrets the body must show (the right content). */
  see?: Secret[];
}
export type Cell = number | Expect;

export type BodyName = 'position' | 'answer' | 'previewAnswer' | 'cmi' | 'settings' | 'resend' | 'select' | 'zip' | 'platform' | 'csrf' | 'none';
export interface Row {
  method: 'GET' | 'POST' | 'PUT';
  /** Placeholders: :attempt :scormAttempt :sco :assignment :class :lesson :version :deployment :platform :account */
  path: string;
  body?: { type: 'json' | 'form' | 'zip'; name: BodyName };
  /** Which session a role presents: its resource-link launch (default), deep-linking launch, or SCORM activity launch. */
  session?: 'dl' | 'scorm';
  cells: Record<Role, Cell>;
  note?: string;
}

const LOGIN = { status: 303, to: /^\/admin\/login/ };
/** A page of a learner's own attempt. */
const learnerOnly = (ok: Cell): Record<Role, Cell> => ({ anonymous: 401, learner: ok, instructor: 403, otherInstructor: 403, admin: 403, otherAdmin: 403, operator: 401 });
const teacherOnly = (ok: Cell): Record<Role, Cell> => ({ anonymous: 401, learner: 403, instructor: ok, otherInstructor: 403, admin: 403, otherAdmin: 403, operator: 401 });
const staff = (ok: Cell, other: Cell = ok): Record<Role, Cell> => ({ anonymous: 401, learner: 403, instructor: ok, otherInstructor: ok, admin: ok, otherAdmin: other, operator: 401 });
const schoolOnly = (ok: Cell, other: Cell): Record<Role, Cell> => ({ anonymous: 401, learner: 403, instructor: 403, otherInstructor: 403, admin: ok, otherAdmin: other, operator: 401 });
const operatorPage = (ok: Cell): Record<Role, Cell> => ({ anonymous: LOGIN, learner: LOGIN, instructor: LOGIN, otherInstructor: LOGIN, admin: LOGIN, otherAdmin: LOGIN, operator: ok });
const operatorPost = (ok: Cell): Record<Role, Cell> => ({ anonymous: 401, learner: 401, instructor: 401, otherInstructor: 401, admin: 401, otherAdmin: 401, operator: ok });
const everyone = (ok: Cell): Record<Role, Cell> => ({ anonymous: ok, learner: ok, instructor: ok, otherInstructor: ok, admin: ok, otherAdmin: ok, operator: ok });

const PLAY = /^\/play\//;
const ADMIN_OWN_ONLY = { status: 200, see: ['classA'] as Secret[] };
const OTHER_OWN_ONLY = { status: 200, see: ['classC'] as Secret[] };

export const AUTHZ_TABLE: Row[] = [
  // public
  { method: 'GET', path: '/healthz', cells: everyone(200) },
  { method: 'GET', path: '/privacy', cells: everyone(200) },
  { method: 'GET', path: '/lti/keys', cells: everyone(200) },
  // the learner's attempt (session from a resource-link launch, bound to its assignment)
  { method: 'GET', path: '/play/:attempt', cells: learnerOnly(200) },
  { method: 'GET', path: '/attempts/:attempt/result', cells: learnerOnly({ status: 303, to: PLAY }), note: 'before submit: back to the player' },
  { method: 'PUT', path: '/api/attempts/:attempt/position', body: { type: 'json', name: 'position' }, cells: learnerOnly(204) },
  { method: 'POST', path: '/api/attempts/:attempt/answers', body: { type: 'json', name: 'answer' }, cells: learnerOnly(200) },
  { method: 'POST', path: '/api/scorm/attempts/:scormAttempt/scos/:sco/commit', body: { type: 'json', name: 'cmi' }, session: 'scorm', cells: learnerOnly(200), note: 'learner: the session of that SCORM activity (another assignment\'s session: 404)' },
  { method: 'POST', path: '/api/attempts/:attempt/submit', body: { type: 'json', name: 'none' }, cells: learnerOnly(200) },
  { method: 'GET', path: '/attempts/:attempt/result', cells: learnerOnly(200), note: 'after submit' },
  { method: 'POST', path: '/attempts/new', body: { type: 'form', name: 'none' }, cells: learnerOnly({ status: 303, to: PLAY }) },
  // the teacher's views of an assignment of class A
  { method: 'GET', path: '/teach/assignments/:assignment', cells: teacherOnly({ status: 200, see: ['learnerA'] }) },
  { method: 'GET', path: '/teach/assignments/:assignment/export.csv', cells: teacherOnly({ status: 200, see: ['learnerA'] }) },
  { method: 'GET', path: '/teach/assignments/:assignment/guide', cells: teacherOnly(200) },
  { method: 'GET', path: '/teach/assignments/:assignment/family', cells: teacherOnly(200) },
  { method: 'POST', path: '/teach/assignments/:assignment/resend', body: { type: 'form', name: 'resend' }, cells: teacherOnly({ status: 303, to: /^\/teach\/assignments\// }) },
  { method: 'POST', path: '/teach/assignments/:assignment/settings', body: { type: 'form', name: 'settings' }, cells: teacherOnly({ status: 303, to: /saved=1/ }) },
  { method: 'GET', path: '/teach/course', cells: { ...teacherOnly({ status: 200, see: ['learnerA'] }), otherInstructor: { status: 200, see: ['learnerB'] } }, note: 'always the session\'s own class' },
  { method: 'GET', path: '/teach/course/export.csv', cells: { ...teacherOnly({ status: 200, see: ['learnerA'] }), otherInstructor: { status: 200, see: ['learnerB'] } } },
  // the library (deep linking) and previews
  { method: 'GET', path: '/library', session: 'dl', cells: staff({ status: 200, see: ['scormA'] }, 200), note: 'deep-linking session; a resource-link session gets 403' },
  { method: 'GET', path: '/library/preview/:lesson', cells: staff(200) },
  { method: 'POST', path: '/api/preview/:lesson/v:version/answers', body: { type: 'json', name: 'previewAnswer' }, cells: staff(200) },
  { method: 'POST', path: '/library/select', body: { type: 'form', name: 'select' }, session: 'dl', cells: staff(200), note: 'deep-linking session; a resource-link session gets 403' },
  // the school report (deployment from the session; another school's ids answer 404)
  { method: 'GET', path: '/school', cells: schoolOnly(ADMIN_OWN_ONLY, OTHER_OWN_ONLY) },
  { method: 'GET', path: '/school/export.csv', cells: schoolOnly(ADMIN_OWN_ONLY, OTHER_OWN_ONLY) },
  { method: 'GET', path: '/school/classes/:class', cells: schoolOnly(ADMIN_OWN_ONLY, 404) },
  { method: 'GET', path: '/school/classes/:class/export.csv', cells: schoolOnly(200, 404) },
  { method: 'GET', path: '/school/assignments/:assignment', cells: schoolOnly(ADMIN_OWN_ONLY, 404) },
  { method: 'GET', path: '/school/assignments/:assignment/export.csv', cells: schoolOnly(200, 404) },
  // SCORM import by a school administrator (LTI session)
  { method: 'GET', path: '/admin/scorm', cells: schoolOnly({ status: 200, see: ['scormA'] }, 200), note: 'each school lists its own packages' },
  { method: 'POST', path: '/admin/scorm', body: { type: 'zip', name: 'zip' }, cells: schoolOnly(201, 201) },
  // the operator's console (cookie session, CSRF token on every post)
  { method: 'GET', path: '/admin', cells: operatorPage(200) },
  { method: 'GET', path: '/admin/grades', cells: operatorPage(200) },
  { method: 'GET', path: '/admin/accounts', cells: operatorPage(200) },
  { method: 'GET', path: '/admin/platforms/new', cells: operatorPage(200) },
  { method: 'GET', path: '/admin/platforms/:platform/remove', cells: operatorPage(200) },
  { method: 'GET', path: '/admin/deployments/:deployment/report', cells: operatorPage({ status: 303, to: /^\/school\?s=/ }), note: 'hands the operator a school-admin session of that deployment' },
  { method: 'POST', path: '/admin/platforms', body: { type: 'form', name: 'platform' }, cells: operatorPost({ status: 303, to: /^\/admin\?msg=registered/ }) },
  { method: 'POST', path: '/admin/deployments/:deployment/retry-failed', body: { type: 'form', name: 'csrf' }, cells: operatorPost({ status: 303, to: /^\/admin\/grades/ }) },
  { method: 'POST', path: '/admin/accounts/:account/disable', body: { type: 'form', name: 'csrf' }, cells: operatorPost({ status: 303, to: /^\/admin\/accounts/ }) },
  { method: 'POST', path: '/admin/platforms/:platform/remove', body: { type: 'form', name: 'csrf' }, cells: operatorPost({ status: 303, to: /^\/admin\?msg=removed/ }) },
  { method: 'POST', path: '/admin/logout', body: { type: 'form', name: 'csrf' }, cells: operatorPost({ status: 303, to: /^\/admin\/login/ }) },
];

export const expectOf = (c: Cell): Expect => (typeof c === 'number' ? { status: c } : c);

function cellText(c: Cell): string {
  const e = expectOf(c);
  if (e.to?.source.includes('admin\\/login')) return '303 → sign-in';
  if (e.status < 400) return e.status === 303 ? '✓ 303' : `✓ ${e.status}`;
  return `**${e.status}**`;
}

/** The Markdown table docs/authorization.md carries (the test compares them). */
export function renderAuthorizationTable(): string {
  const head = `| route | ${ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} | note |`;
  const rule = `| --- | ${ROLES.map(() => '---').join(' | ')} | --- |`;
  const rows = AUTHZ_TABLE.map((r) => `| \`${r.method} ${r.path}\` | ${ROLES.map((role) => cellText(r.cells[role])).join(' | ')} | ${r.note ?? ''} |`);
  return [head, rule, ...rows].join('\n');
}

// ---- Hostile inputs for test/integration/fuzz*.test.ts (kept here: this is the test helper of the surface work) ----

/**
 * A small seeded generator of hostile inputs for test/integration/fuzz.test.ts: the same seed
 * gives the same cases, so a failure names a case that can be replayed. No dependency: a
 * mulberry32 PRNG and hand-picked families (malformed, oversized, wrong types, deep nesting,
 * unicode edge cases, prototype-pollution keys, huge numbers, empty).
 */

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(list: readonly T[]): T { return list[Math.floor(next() * list.length)]!; },
  };
}
export type Prng = ReturnType<typeof prng>;

/** Strings a stranger can type or forge. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\t\n', 'a', '0', '-1', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}',
  '__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]',
  '\u0000', 'a\u0000b', '\uD800', '\uDFFF\uD800', '\u202Eevil', '\uFEFF', '😀'.repeat(50), 'e\u0301'.repeat(40), 'İıß', 'ﷺ'.repeat(20),
  "' OR 1=1 --", '"; drop table attempt; --', '<script>alert(1)</script>', '{{constructor.constructor("x")()}}',
  '../../../../etc/passwd', '..%2f..%2fetc%2fpasswd', '%00', '%ZZ', 'http://127.0.0.1:1/', 'javascript:alert(1)',
  'a'.repeat(201), 'a'.repeat(5000), 'x.y.z', 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.', 'eyJ.eyJ.sig',
  '00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

export const HUGE_NUMBERS: readonly number[] = [0, -0, -1, 1.5, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 1e308, -1e308, Number.MIN_VALUE];

/** A JSON value nested `depth` levels deep (arrays or objects). */
export function deep(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Any JSON-able value of a wrong or hostile shape. */
export function nastyValue(r: Prng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 4 : 8)) {
    case 0: return r.pick(NASTY_STRINGS);
    case 1: return r.pick(HUGE_NUMBERS);
    case 2: return r.pick([null, true, false]);
    case 3: return r.pick([[], {}, '']);
    case 4: return Array.from({ length: 1 + r.int(3) }, () => nastyValue(r, depth + 1));
    case 5: return JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}');
    case 6: return { [r.pick(NASTY_STRINGS)]: nastyValue(r, depth + 1) };
    default: return JSON.parse(deep(20 + r.int(40), r.pick(['array', 'object'] as const)));
  }
}

/** An object with the given field names (and a stray one), each a nasty value or missing. */
export function nastyObject(r: Prng, fields: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) if (r.next() < 0.8) o[f] = nastyValue(r);
  if (r.next() < 0.3) Object.defineProperty(o, '__proto__', { value: { polluted: 'yes' }, enumerable: true });
  if (r.next() < 0.3) o[r.pick(NASTY_STRINGS)] = nastyValue(r);
  return o;
}

/** A form field set: every value a string (or a repeated field), as urlencoded bodies carry. */
export function nastyForm(r: Prng, fields: readonly string[]): Record<string, string | string[]> {
  const o: Record<string, string | string[]> = {};
  for (const f of fields) {
    if (r.next() < 0.15) continue;
    o[f] = r.next() < 0.1 ? [r.pick(NASTY_STRINGS), r.pick(NASTY_STRINGS)] : r.pick(NASTY_STRINGS);
  }
  if (r.next() < 0.3) o[r.pick(['__proto__', 'constructor', 'a[b]', 'x[__proto__][y]'])] = r.pick(NASTY_STRINGS);
  return o;
}

/** Raw bodies that are not what any endpoint accepts: broken JSON, oversized, non-UTF-8. */
export function rawBody(r: Prng, limitBytes: number): string | Buffer {
  switch (r.int(9)) {
    case 0: return '';
    case 1: return r.pick(['{', '{"a":', '[1,', '{"a":1}}', "{'a':1}", 'nul', '\u0000', '{"a":1,}']);
    case 2: return r.pick(['null', '"str"', '1', 'true', '[]', '1e999']);
    case 3: return deep(Math.min(5000, Math.floor(limitBytes / 3)), r.pick(['array', 'object'] as const));
    case 4: return `{"k":"${'x'.repeat(limitBytes + 1024)}"}`;
    case 5: return Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]);
    case 6: return '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
    case 7: return JSON.stringify({ a: '\uD800', b: 'x'.repeat(r.int(2000)) });
    default: return JSON.stringify(nastyValue(r));
  }
}

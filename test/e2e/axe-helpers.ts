/**
 * axe-core in the real browser, for the accessibility test: inject the library into a page or
 * frame, run it, keep one row per audited page (violation counts by impact, the rules and the
 * elements), and measure sideways scrolling at the current width.
 *
 * Injection: the tool's CSP is script-src 'self' with no inline scripts, so `addScriptTag({ path })`
 * (which inserts an inline <script> with the file's text) is refused by the page. The library's
 * source is evaluated through the DevTools protocol instead (`frame.evaluate(source)`), which CSP
 * does not govern; the pages are audited with their real CSP on (no bypassCSP).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
export const IMPACTS: Impact[] = ['critical', 'serious', 'moderate', 'minor'];

export interface AxeViolation { id: string; impact: Impact | null; help: string; nodes: string[]; summary: string }
export interface AuditRow {
  name: string;
  url: string;
  /** The page's first heading, so the report shows what was really on screen (not an error page by mistake). */
  heading: string;
  counts: Record<Impact, number>;
  violations: AxeViolation[];
  /** scrollWidth − innerWidth of the audited document (and of the top page when it frames it); > 1 means sideways scrolling. */
  overflow: number;
  overflowDetail: string[];
}

/** Creates an operator account with the CLI before the server starts (the embedded DB admits one process). */
export function createOperator(dataDir: string, email: string, password: string): void {
  execFileSync('npm', ['run', 'cli', '--silent', '--', 'admin', 'create', '--email', email, '--password-stdin'], {
    cwd: ROOT,
    input: `${password}\n`,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

/** Runs in the browser: how far the document scrolls sideways, and the elements that stick out. */
function overflowInPage(): { over: number; detail: string[] } {
  const se = document.scrollingElement ?? document.documentElement;
  const over = se.scrollWidth - window.innerWidth;
  const detail: string[] = [];
  if (over > 1) {
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1 && detail.length < 5) {
        detail.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${String((el as HTMLElement).className).trim().split(/\s+/).join('.')} right=${Math.round(r.right)}`);
      }
    }
  }
  return { over, detail };
}

async function runAxe(target: Page | Frame): Promise<AxeViolation[]> {
  const has = await target.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!has) await target.evaluate(AXE_SOURCE);
  return target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    // iframes: false — a framed tool page is audited on its own (its frame is a separate target).
    const res = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact as Impact | null, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)), summary: v.nodes[0]?.failureSummary ?? '' }));
  });
}

/** Audits `target` (a page or the tool's frame); `top` is the LMS page around a frame, also checked for sideways scrolling. */
export async function audit(name: string, target: Page | Frame, top?: Page): Promise<AuditRow> {
  await target.waitForLoadState('load');
  // Let transitions finish so the audit sees the settled step: mid-fade, axe cannot compute a
  // contrast and files the element under "incomplete" instead of judging it.
  await target.evaluate(() => Promise.race([
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
    new Promise((r) => setTimeout(r, 2_000)),
  ]).then(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))));
  const violations = await runAxe(target);
  const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) counts[v.impact ?? 'minor'] += 1;
  const inner = await target.evaluate(overflowInPage);
  const heading = await target.evaluate(() => (document.querySelector('h1')?.textContent ?? document.title).replace(/\s+/g, ' ').trim().slice(0, 60));
  const outer = top ? await top.evaluate(overflowInPage) : { over: 0, detail: [] };
  return {
    name, heading, url: target.url().replace(/([?&]s=)[^&]+/, '$1…'), counts, violations,
    overflow: Math.max(inner.over, outer.over),
    overflowDetail: [...inner.detail, ...outer.detail.map((d) => `LMS page: ${d}`)],
  };
}

/** A plain-text table of the audited pages, for the test output. */
export function formatTable(rows: AuditRow[]): string {
  const head = `${'page'.padEnd(32)} crit  ser  mod  min  360px  first heading`;
  const lines = rows.map((r) => `${r.name.padEnd(32)} ${IMPACTS.map((i) => String(r.counts[i]).padStart(4)).join(' ')}  ${(r.overflow > 1 ? `+${r.overflow}` : 'ok').padEnd(5)}  ${r.heading}`);
  const rules = new Map<string, { impact: string; pages: string[]; help: string }>();
  for (const r of rows) for (const v of r.violations) {
    const e = rules.get(v.id) ?? { impact: v.impact ?? '?', pages: [], help: v.help };
    e.pages.push(`${r.name} ${v.nodes.join(' ')}`);
    rules.set(v.id, e);
  }
  const ruleLines = [...rules].map(([id, e]) => `  ${id} (${e.impact}, ${e.pages.length} pages): ${e.help}\n    ${e.pages.slice(0, 4).join('\n    ')}`);
  return [head, ...lines, rules.size ? 'rules violated:' : 'no violations', ...ruleLines].join('\n');
}

/**
 * The set-up most browser suites share: the tool started as `npm start` would (with its demo
 * LMS), and one Chromium session that refuses requests to any other origin. stopToolAndBrowser
 * also proves the graceful shutdown (server.stop() rejects unless the tool exits by itself).
 */
import type { Frame, Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type ServerProcess } from '../helpers/server-process';
import { firstClass, toolFrame } from './lesson-driver';

export async function startToolAndBrowser(opts: { timeout: number; viewport?: { width: number; height: number } }): Promise<{ server: ServerProcess; session: BrowserSession }> {
  const server = await startServer();
  const session = await openBrowser({ allowedOrigin: server.url, ...(opts.viewport ? { viewport: opts.viewport } : {}) });
  session.page.setDefaultTimeout(opts.timeout);
  return { server, session };
}

export async function stopToolAndBrowser(server: ServerProcess | undefined, session: BrowserSession | undefined): Promise<void> {
  await session?.close();
  if (server) await server.stop();
}

/**
 * The administrator's SCORM import, as a person does it: demo home → "Open school report as
 * administrator" → "Import a SCORM package" → choose the zip → Import. Returns the lesson id
 * ("scorm:<uuid>") the upload page lists for the package, and the tool frame it ended in.
 */
export async function importScormAsAdministrator(page: Page, toolUrl: string, zip: string, title: string): Promise<{ lessonId: string; tool: Frame }> {
  await page.goto(`${toolUrl}/demo?locale=en`);
  await page.locator('a.btn-admin').first().click();
  await page.waitForURL(/\/demo\/launch\?/);
  const tool = await toolFrame(page, toolUrl, /^\/school$/);
  await tool.getByRole('link', { name: 'Import a SCORM package' }).click();
  await tool.waitForURL((u) => u.pathname === '/admin/scorm');
  await tool.locator('#scorm-file').setInputFiles(zip);
  const uploaded = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin/scorm');
  await tool.getByRole('button', { name: 'Import' }).click();
  expect((await uploaded).status()).toBe(201);
  await tool.locator('[data-scorm-upload-status]').filter({ hasText: `Imported ${title} (version 1)` }).waitFor();
  // the page reloads itself with the new package in its list
  const row = tool.locator('table.scorm-upload__list tbody tr').filter({ hasText: title });
  await row.waitFor();
  const lessonId = ((await row.locator('code').textContent()) ?? '').trim();
  expect(lessonId).toMatch(/^scorm:[0-9a-f-]{36}$/);
  return { lessonId, tool };
}

/**
 * Opens the first class's gradebook in the demo LMS and waits (reloading, as a person would)
 * until the grade worker has posted a score in the column titled `title`; returns what the
 * gradebook shows: the score cells and the progress text of the scored cell.
 */
export async function gradebookColumn(page: Page, toolUrl: string, title: string, timeout: number): Promise<{ scores: string[]; progress: string }> {
  await page.goto(`${toolUrl}/demo?locale=en`);
  await firstClass(page).getByRole('link', { name: 'Gradebook' }).click();
  await page.waitForURL(/\/gradebook/);
  const header = page.locator('table.gradebook thead th[data-line-item]').filter({ hasText: title });
  expect(await header.count()).toBe(1);
  const column = (await header.getAttribute('data-line-item'))!;
  const cells = page.locator(`table.gradebook td[data-line-item="${column}"] .score`);
  const deadline = Date.now() + timeout;
  while (await cells.count() === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500)); // the worker posts on its own schedule
    await page.reload();
  }
  const progress = page.locator(`table.gradebook td[data-line-item="${column}"]`).filter({ has: page.locator('.score') }).locator('.progress');
  return { scores: await cells.allTextContents(), progress: ((await progress.textContent()) ?? '').replace(/\s+/g, ' ').trim() };
}

/**
 * The set-up most browser suites share: the tool started as `npm start` would (with its demo
 * LMS), and one Chromium session that refuses requests to any other origin. stopToolAndBrowser
 * also proves the graceful shutdown (server.stop() rejects unless the tool exits by itself).
 */
import { openBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type ServerProcess } from '../helpers/server-process';

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

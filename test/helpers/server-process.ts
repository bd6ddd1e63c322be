/**
 * Starts the real tool as a child process, the way `npm start` runs it but from source
 * (`node --import tsx src/main.ts`), on a free loopback port with a fresh data directory and the
 * demo LMS on. Browser tests drive it over real HTTP; its log lines are kept so tests can search
 * them (for personal data, for expected events); stop() checks that shutdown is graceful.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 60_000;
const SHUTDOWN_LIMIT_MS = 15_000;

export interface ServerProcess {
  /** http://localhost:<port>: the PUBLIC_URL the tool and the demo LMS build their URLs from. */
  url: string;
  port: number;
  dataDir: string;
  /** Every stdout/stderr line so far (pino JSON lines, plus any plain text). */
  logs: string[];
  /** Log lines parsed as JSON (non-JSON lines are skipped). */
  jsonLogs(): Array<Record<string, unknown>>;
  /** Sends SIGTERM and resolves when the process has exited by itself; rejects if it took longer than 15 s or exited non-zero. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

export interface StartOptions {
  /** Lesson packages folder (MODULES_DIR); default: E2E_MODULES_DIR if set, else the tool's own modules/. */
  modulesDir?: string;
  /** Extra environment for the tool. */
  env?: Record<string, string>;
}

/** Asks the OS for a free loopback port (tiny race window between close and the tool's listen; acceptable for tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(opts: StartOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-e2e-data-'));
  const modulesDir = opts.modulesDir ?? process.env.E2E_MODULES_DIR;
  // A clean environment: jest sets NODE_ENV=test, and a developer's DATABASE_URL or MODULES_DIR
  // must not leak into the process under test.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.tmpdir(),
    TMPDIR: os.tmpdir(),
    LANG: process.env.LANG ?? 'C.UTF-8',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
    ...(modulesDir ? { MODULES_DIR: path.resolve(modulesDir) } : {}),
    ...opts.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) logs.push(line);
    });
    stream.on('end', () => { if (rest.trim()) logs.push(rest); });
  };
  collect(child.stdout!);
  collect(child.stderr!);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => { exitInfo = e; });

  try {
    await waitReady(`http://127.0.0.1:${port}/readyz`, () => exitInfo, logs);
  } catch (e) {
    await kill(child, exited);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }

  let stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> | undefined;
  return {
    url, port, dataDir, logs,
    jsonLogs() {
      return logs.flatMap((l) => { try { return [JSON.parse(l) as Record<string, unknown>]; } catch { return []; } });
    },
    stop() {
      stopped ??= (async () => {
        const t0 = Date.now();
        if (!exitInfo) child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const result = await Promise.race([
          exited,
          new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), SHUTDOWN_LIMIT_MS); }),
        ]);
        clearTimeout(timer);
        fs.rmSync(dataDir, { recursive: true, force: true });
        if (result === 'timeout') {
          child.kill('SIGKILL');
          await exited;
          throw new Error(`the tool did not exit within ${SHUTDOWN_LIMIT_MS / 1000} s of SIGTERM (no graceful shutdown); last log lines:\n${logs.slice(-10).join('\n')}`);
        }
        const ms = Date.now() - t0;
        if (result.code !== 0) {
          throw new Error(`the tool exited with code ${result.code} (signal ${result.signal}) after SIGTERM; last log lines:\n${logs.slice(-10).join('\n')}`);
        }
        return { ...result, ms };
      })();
      return stopped;
    },
  };
}

async function waitReady(readyUrl: string, exitInfo: () => { code: number | null } | undefined, logs: string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const e = exitInfo();
    if (e) throw new Error(`the tool exited (code ${e.code}) before it was ready; its output:\n${logs.slice(-20).join('\n')}`);
    try {
      const res = await fetch(readyUrl, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    // Polling a readiness probe: the first PGlite initdb takes 5–10 s.
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the tool was not ready within ${READY_TIMEOUT_MS / 1000} s (last /readyz: ${last}); its output:\n${logs.slice(-20).join('\n')}`);
}

async function kill(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await exited;
}

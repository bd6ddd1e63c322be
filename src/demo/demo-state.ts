/**
 * Persistence for the demo platform: one JSON file, `${dataDir}/demo-lms.json`, rewritten
 * atomically (write a temp file, then rename) and serially, so a crash never leaves half a file
 * and two concurrent saves never interleave.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DemoStateData } from './demo.types';

export const STATE_FILE = 'demo-lms.json';

export interface DemoStore {
  readonly file: string;
  data(): DemoStateData;
  /** Applies a change to the in-memory state and persists it before resolving. */
  update<T>(change: (data: DemoStateData) => T): Promise<T>;
}

export async function readState(file: string): Promise<DemoStateData | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as DemoStateData;
    if (parsed.version !== 1) throw new Error(`unsupported demo state version ${String(parsed.version)}`);
    return parsed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writeStateAtomically(file: string, data: DemoStateData): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
  await fs.rename(tmp, file);
}

export function createDemoStore(file: string, initial: DemoStateData): DemoStore {
  const state = initial;
  let queue: Promise<void> = Promise.resolve();
  return {
    file,
    data: () => state,
    async update(change) {
      const result = change(state);
      // Snapshot now so the write reflects this change even if another one lands meanwhile.
      const snapshot = structuredClone(state);
      const write = queue.then(() => writeStateAtomically(file, snapshot));
      queue = write.catch(() => undefined);
      await write;
      return result;
    },
  };
}

export function demoStateFile(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

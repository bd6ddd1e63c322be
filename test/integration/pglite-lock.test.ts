/**
 * Two processes must never open the same embedded database: while one holds DATA_DIR, the CLI
 * refuses with a message saying why, and a stale lock from a dead process is taken over.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DbLockedError, openDatabase } from '../../src/db';
import { usingPg } from '../helpers/test-db';

const run = promisify(execFile);
const maybe = usingPg ? describe.skip : describe;

maybe('embedded database lock', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-lock-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second process (the CLI) while the server holds the directory', async () => {
    const held = await openDatabase({ dataDir });
    try {
      const cli = path.resolve(__dirname, '../../src/cli.ts');
      const err = await run(process.execPath, ['--import', 'tsx', cli, 'platform', 'list'], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, NODE_ENV: 'test' }, cwd: path.resolve(__dirname, '../..'),
      }).then(() => undefined, (e: { code: number; stderr: string }) => e);
      expect(err).toBeDefined();
      expect(err!.code).not.toBe(0);
      expect(err!.stderr).toContain(`in use by another First Shield process (pid ${process.pid})`);
      await expect(openDatabase({ dataDir: dataDir + '-other' }).then((d) => d.close())).resolves.toBeUndefined();
    } finally {
      await held.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  });

  it('refuses a second open in the same process, and takes over stale locks', async () => {
    const held = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DbLockedError);
    await held.close();
    // a dead process, and a predecessor that had our pid (a restarted container's pid 1)
    for (const stale of ['999999:x', `${process.pid}:previous-incarnation`]) {
      fs.writeFileSync(path.join(dataDir, 'pglite.lock'), stale);
      const db = await openDatabase({ dataDir });
      await db.close();
    }
  });
});

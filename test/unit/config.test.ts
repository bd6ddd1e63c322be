import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

describe('config', () => {
  it('has working defaults: port 3000, PGlite in ./data, demo on outside production', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, publicUrl: 'http://localhost:3000', databaseUrl: undefined, demoLms: true, env: 'development', logLevel: 'info' });
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('turns the demo LMS off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demoLms).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_LMS: 'on' }).demoLms).toBe(true);
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://shield.school.vn/' }).publicUrl).toBe('https://shield.school.vn');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://x' }],
    ['DEMO_LMS', { DEMO_LMS: 'yes' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['ENCRYPTION_KEY', { ENCRYPTION_KEY: 'short' }],
  ])('stops with a message naming %s when it is bad', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('reads NAME_FILE secrets and names the variable when the file is missing', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fs-cfg-')), 'db');
    fs.writeFileSync(file, 'postgres://u:p@db:5432/fs\n');
    expect(loadConfig({ DATABASE_URL_FILE: file }).databaseUrl).toBe('postgres://u:p@db:5432/fs');
    expect(() => loadConfig({ DATABASE_URL_FILE: '/nonexistent' })).toThrow(/DATABASE_URL_FILE/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScormError, unpackZip, DEFAULT_UNPACK_LIMITS } from '../../../src/scorm';
import { writeZip, type ZipEntry } from './zip-writer';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-unzip-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function codeOf(entries: ZipEntry[], limits = DEFAULT_UNPACK_LIMITS): Promise<string> {
  const zip = writeZip(path.join(dir, 'p.zip'), entries);
  const dest = path.join(dir, 'out');
  try {
    await unpackZip(zip, dest, limits);
    return 'no error';
  } catch (e) {
    expect(fs.existsSync(dest)).toBe(false); // nothing half-unpacked is left behind
    return e instanceof ScormError ? e.code : `not a ScormError: ${String(e)}`;
  } finally {
    expect(fs.existsSync(path.join(dir, 'evil.txt'))).toBe(false);
  }
}

describe('safe unzip', () => {
  it('unpacks a normal archive, counting real bytes', async () => {
    const zip = writeZip(path.join(dir, 'ok.zip'), [{ name: 'a/' }, { name: 'a/b.html', data: '<p>hi</p>' }, { name: 'imsmanifest.xml', data: 'x'.repeat(5000) }]);
    const r = await unpackZip(zip, path.join(dir, 'out'));
    expect(r.files.sort()).toEqual(['a/b.html', 'imsmanifest.xml']);
    expect(r.unpackedBytes).toBe(5009);
    expect(fs.readFileSync(path.join(dir, 'out/a/b.html'), 'utf8')).toBe('<p>hi</p>');
  });

  it('refuses zip-slip and absolute paths', async () => {
    expect(await codeOf([{ name: 'ok.html', data: 'x' }, { name: '../evil.txt', data: 'x' }])).toBe('scorm_zip_unsafe_path');
    expect(await codeOf([{ name: 'a/../../evil.txt', data: 'x' }])).toBe('scorm_zip_unsafe_path');
    expect(await codeOf([{ name: '/tmp/evil.txt', data: 'x' }])).toBe('scorm_zip_unsafe_path');
    expect(await codeOf([{ name: 'C:/evil.txt', data: 'x' }])).toBe('scorm_zip_unsafe_path');
    expect(await codeOf([{ name: 'a\\..\\..\\evil.txt', data: 'x' }])).toBe('scorm_zip_unsafe_path');
  });

  it('refuses symlinks', async () => {
    expect(await codeOf([{ name: 'link', data: '/etc/passwd', mode: 0o120777, deflate: false }])).toBe('scorm_zip_symlink');
  });

  it('refuses too many entries', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    expect(await codeOf(entries, { ...DEFAULT_UNPACK_LIMITS, maxEntries: 10 })).toBe('scorm_zip_too_many_entries');
  });

  it('refuses zip bombs by the inflated bytes, whatever the headers say', async () => {
    const bomb = Buffer.alloc(3 * 1024 * 1024, 0); // deflates ~1000:1
    expect(await codeOf([{ name: 'bomb.bin', data: bomb, declaredSize: 100 }])).toBe('scorm_zip_ratio');
    expect(await codeOf([{ name: 'big.bin', data: bomb }], { ...DEFAULT_UNPACK_LIMITS, maxRatio: 10_000, maxUnpackedBytes: 2 * 1024 * 1024 })).toBe('scorm_zip_too_large');
  });

  it('refuses what is not a zip', async () => {
    fs.writeFileSync(path.join(dir, 'p.zip'), 'not a zip at all');
    await expect(unpackZip(path.join(dir, 'p.zip'), path.join(dir, 'out'))).rejects.toMatchObject({ code: 'scorm_zip_invalid' });
  });
});

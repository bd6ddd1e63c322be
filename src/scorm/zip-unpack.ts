/**
 * Safe zip extraction (yauzl). Every name is checked before anything is written: no absolute
 * paths, drive letters, backslashes or ".." (zip-slip), no symlinks or other special files
 * (unix mode in the external attributes). Sizes are never taken from the headers: inflated
 * bytes are counted while streaming, and the stream is cut as soon as an entry or the archive
 * passes the byte cap or the compression-ratio cap (zip bombs). Extraction goes to `destDir`,
 * which must not exist yet; on any failure it is removed, so the caller can rename it into
 * place only once everything (manifest included) is valid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ScormError } from './errors';

export interface UnpackLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
  /** Inflated ÷ compressed, per entry and for the whole archive. */
  maxRatio: number;
  /** Ratios are only judged past this many inflated bytes (tiny, very repetitive files are fine). */
  ratioFloorBytes: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = {
  maxEntries: 10_000, maxUnpackedBytes: 500 * 1024 * 1024, maxRatio: 100, ratioFloorBytes: 1024 * 1024,
};

export interface UnpackResult { files: string[]; unpackedBytes: number; zipBytes: number }

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** The entry's path inside the package, or a ScormError saying why it is refused. */
export function safeEntryName(raw: string): string {
  const name = raw.normalize('NFC');
  const refuse = (why: string): never => { throw new ScormError('zip_unsafe_path', `refused entry "${name.slice(0, 200)}": ${why}`, { name: name.slice(0, 200) }); };
  if (!name || name.length > 1024) refuse('empty or too long name');
  if (name.includes('\0')) refuse('NUL in name');
  if (name.includes('\\')) refuse('backslash in name');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) refuse('absolute path');
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) refuse('".." in path');
  const clean = parts.filter((p) => p !== '' && p !== '.').join('/');
  if (!clean) refuse('empty path');
  return clean;
}

function entryName(e: Entry): string {
  const raw = e.fileNameRaw as Buffer | undefined ?? Buffer.from(String(e.fileName), 'latin1');
  return raw.toString((e.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
}

function unixMode(e: Entry): number {
  return (e.externalFileAttributes >>> 16) & 0xffff;
}

function open(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: false, strictFileNames: false }, (err, zip) => {
      if (err || !zip) reject(new ScormError('zip_invalid', `not a readable zip archive: ${err?.message ?? 'unknown'}`));
      else resolve(zip);
    });
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(new ScormError('zip_invalid', `unreadable entry: ${err?.message ?? 'unknown'}`)) : resolve(stream)));
  });
}

export async function unpackZip(zipPath: string, destDir: string, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<UnpackResult> {
  const zipBytes = (await fs.promises.stat(zipPath)).size;
  const zip = await open(zipPath);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ScormError('zip_too_many_entries', `the archive has ${zip.entryCount} entries (limit ${limits.maxEntries})`, { count: zip.entryCount, limit: limits.maxEntries });
  }
  await fs.promises.mkdir(destDir, { recursive: false });
  const root = path.resolve(destDir);
  const files: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  let count = 0;

  const work = new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      zip.close();
      reject(e instanceof ScormError ? e : new ScormError('zip_invalid', `the archive could not be unpacked: ${(e as Error).message}`));
    };
    zip.on('error', fail);
    zip.on('end', () => { if (!failed) resolve(); });
    zip.on('entry', (entry: Entry) => {
      handle(entry).then(() => { if (!failed) zip.readEntry(); }, fail);
    });
    zip.readEntry();
  });

  async function handle(entry: Entry): Promise<void> {
    if (++count > limits.maxEntries) throw new ScormError('zip_too_many_entries', `more than ${limits.maxEntries} entries`, { count, limit: limits.maxEntries });
    const raw = entryName(entry);
    const isDir = raw.endsWith('/');
    const name = safeEntryName(raw);
    const mode = unixMode(entry);
    const type = mode & S_IFMT;
    if (type === S_IFLNK) throw new ScormError('zip_symlink', `refused symbolic link "${name}"`, { name });
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw new ScormError('zip_unsafe_path', `refused special file "${name}"`, { name });
    if (entry.isEncrypted()) throw new ScormError('zip_invalid', `encrypted entry "${name}"`, { name });
    const target = path.resolve(root, name);
    if (!target.startsWith(root + path.sep)) throw new ScormError('zip_unsafe_path', `entry "${name}" leaves the package`, { name });
    const key = name.toLowerCase();
    if (isDir || type === S_IFDIR) {
      await fs.promises.mkdir(target, { recursive: true });
      return;
    }
    if (seen.has(key)) throw new ScormError('zip_unsafe_path', `duplicate entry "${name}"`, { name });
    seen.add(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    let inflated = 0;
    const compressed = Math.max(1, entry.compressedSize);
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb: TransformCallback) {
        inflated += chunk.length;
        total += chunk.length;
        if (total > limits.maxUnpackedBytes) return cb(new ScormError('zip_too_large', `more than ${limits.maxUnpackedBytes} bytes unpacked`, { limit: limits.maxUnpackedBytes }));
        if (inflated > limits.ratioFloorBytes && inflated / compressed > limits.maxRatio) {
          return cb(new ScormError('zip_ratio', `entry "${name}" inflates more than ${limits.maxRatio}:1`, { name, limit: limits.maxRatio }));
        }
        if (total > limits.ratioFloorBytes && total / Math.max(1, zipBytes) > limits.maxRatio) {
          return cb(new ScormError('zip_ratio', `the archive inflates more than ${limits.maxRatio}:1`, { name, limit: limits.maxRatio }));
        }
        cb(null, chunk);
      },
    });
    const input = await openEntry(zip, entry);
    await pipeline(input, meter, fs.createWriteStream(target, { flags: 'wx', mode: 0o644 }));
    files.push(name);
  }

  try {
    await work;
  } catch (e) {
    await fs.promises.rm(destDir, { recursive: true, force: true });
    throw e;
  }
  return { files, unpackedBytes: total, zipBytes };
}

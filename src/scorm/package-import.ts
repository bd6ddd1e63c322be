/**
 * Import use-case: unpack into DATA_DIR/scorm/.incoming/<random>, parse and check the manifest
 * against the unpacked files, then (in one transaction) reserve the next version of the package
 * key, rename the folder to DATA_DIR/scorm/<package id>/v<version>/ and insert the row. Any
 * failure removes the incoming folder, so nothing half-imported is ever visible.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db';
import { ScormError } from './errors';
import { parseManifest } from './manifest-parser';
import { createScormPackageRepository, type ScormPackage } from './package.repository';
import { DEFAULT_UNPACK_LIMITS, unpackZip, type UnpackLimits } from './zip-unpack';

export interface ScormDeps {
  db: Db;
  /** The tool's DATA_DIR; packages live under DATA_DIR/scorm/. */
  dataDir: string;
  limits?: Partial<UnpackLimits>;
}

export interface ImportInput {
  /** Path of the zip on disk. */
  file: string;
  /** Overrides the organization title. */
  title?: string;
  /** null/undefined: available to every school of the tool; else to that deployment only. */
  deploymentId?: string | null;
  /** Groups versions; defaults to the manifest identifier. */
  packageKey?: string;
}

export const scormRoot = (dataDir: string) => path.join(dataDir, 'scorm');
export const packageDir = (dataDir: string, id: string, version: number) => path.join(scormRoot(dataDir), id, `v${version}`);

export async function importScormPackage(deps: ScormDeps, input: ImportInput): Promise<ScormPackage> {
  const limits = { ...DEFAULT_UNPACK_LIMITS, ...deps.limits };
  const incomingRoot = path.join(scormRoot(deps.dataDir), '.incoming');
  await fs.promises.mkdir(incomingRoot, { recursive: true });
  const incoming = path.join(incomingRoot, crypto.randomUUID());
  let moved: string | undefined;
  try {
    const unpacked = await unpackZip(input.file, incoming, limits);
    const manifestPath = path.join(incoming, 'imsmanifest.xml');
    if (!fs.existsSync(manifestPath)) {
      const nested = unpacked.files.find((f) => f.toLowerCase().endsWith('/imsmanifest.xml'));
      throw new ScormError('manifest_missing', nested
        ? `imsmanifest.xml must be at the root of the zip, not in ${path.posix.dirname(nested)}/`
        : 'the zip has no imsmanifest.xml', { nested: nested ?? '' });
    }
    const xml = await fs.promises.readFile(manifestPath, 'utf8');
    const manifest = parseManifest(xml, {
      fileExists: (rel) => {
        const abs = path.resolve(incoming, rel);
        return abs.startsWith(path.resolve(incoming) + path.sep) && fs.existsSync(abs) && fs.statSync(abs).isFile();
      },
    });
    const title = (input.title?.trim() || manifest.title).slice(0, 300);
    const packageKey = (input.packageKey ?? manifest.identifier).slice(0, 300);
    const repo = createScormPackageRepository(deps.db);
    return await deps.db.transaction(async (tx) => {
      const reserved = await repo.reserveVersion(tx, packageKey);
      const id = reserved.id ?? crypto.randomUUID();
      const target = packageDir(deps.dataDir, id, reserved.version);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rm(target, { recursive: true, force: true }); // leftovers of a crash between rename and commit
      await fs.promises.rename(incoming, target);
      moved = target;
      return repo.insert(tx, {
        id, version: reserved.version, packageKey, title, deploymentId: input.deploymentId ?? null,
        scormVersion: manifest.scormVersion, manifest,
        filesDir: path.relative(deps.dataDir, target).split(path.sep).join('/'),
        zipBytes: unpacked.zipBytes, unpackedBytes: unpacked.unpackedBytes, fileCount: unpacked.files.length,
      });
    });
  } catch (e) {
    if (moved) await fs.promises.rm(moved, { recursive: true, force: true });
    throw e;
  } finally {
    await fs.promises.rm(incoming, { recursive: true, force: true });
  }
}

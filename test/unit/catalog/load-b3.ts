/**
 * Loads lesson B-3 on its own. Other lessons in modules/ belong to content authors and may be
 * mid-edit (invalid), so these tests must not load the whole folder.
 */
import path from 'node:path';
import { validatePackage } from '../../../src/catalog/content-validator';
import type { Lesson } from '../../../src/catalog';

export const B3_DIR = path.resolve(__dirname, '../../../modules/b-3-scams-aimed-at-teens/v1');

export async function checkB3(): Promise<string[]> {
  return (await validatePackage(B3_DIR, 'b-3-scams-aimed-at-teens/v1', { id: 'b-3-scams-aimed-at-teens', version: 1 })).problems;
}

export async function loadB3(): Promise<Lesson> {
  const result = await validatePackage(B3_DIR, 'b-3-scams-aimed-at-teens/v1', { id: 'b-3-scams-aimed-at-teens', version: 1 });
  if (!result.loaded) throw new Error(`B-3 v1 is invalid:\n${result.problems.join('\n')}`);
  return result.loaded;
}

import path from 'node:path';
import { runContentCheck } from '../../../src/catalog/content-check';

const FIXTURES = path.resolve(__dirname, '../../fixtures/lessons');

describe('content:check CLI', () => {
  it('prints a summary and exits 0 when every package is valid', async () => {
    // Not modules/: the content authors' lessons there may be mid-edit.
    const lines: string[] = [];
    const code = await runContentCheck(path.join(FIXTURES, 'valid-kinds'), (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines).toEqual(['content:check: 1 package(s) OK']);
  });

  it('prints one line per problem plus a summary and exits 1 on any problem', async () => {
    const lines: string[] = [];
    const code = await runContentCheck(path.join(FIXTURES, 'no-scored-steps'), (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).every((l) => l.startsWith('a-1-fixture/v1/lesson.json: '))).toBe(true);
    expect(lines[3]).toBe('content:check: 3 problem(s) in 1 of 1 package(s)');
  });
});

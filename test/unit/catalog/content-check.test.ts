import path from 'node:path';
import { runContentCheck } from '../../../src/catalog/content-check';

const FIXTURES = path.resolve(__dirname, '../../fixtures/lessons');

describe('content:check CLI', () => {
  it('prints a summary and exits 0 when every package is valid', async () => {
    const lines: string[] = [];
    const code = await runContentCheck(path.resolve(__dirname, '../../../modules'), (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^content:check: \d+ package\(s\) OK$/)]);
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

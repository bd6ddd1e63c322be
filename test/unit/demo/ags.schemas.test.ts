import { scoreBody } from '../../../src/demo/ags.schemas';

const ok = { userId: 'u', scoreGiven: 5, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: '2025-01-01T00:00:00.123+07:00' };

describe('AGS score body', () => {
  test('accepts a valid score and keeps extension fields', () => {
    const r = scoreBody.safeParse({ ...ok, 'https://example.org/ext': 1 });
    expect(r.success).toBe(true);
    expect(r.data?.['https://example.org/ext']).toBe(1);
  });
  test.each([
    [{ timestamp: 'yesterday' }], [{ timestamp: '2025-01-01' }], [{ scoreGiven: 11 }], [{ scoreMaximum: 0 }],
    [{ activityProgress: 'completed' }], [{ gradingProgress: undefined }],
  ])('refuses %j', (over) => {
    expect(scoreBody.safeParse({ ...ok, ...over }).success).toBe(false);
  });
});

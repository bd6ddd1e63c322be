import { backoffSeconds } from '../../../src/grades';

describe('grade retry backoff', () => {
  it('grows exponentially with equal jitter', () => {
    expect(backoffSeconds(1, 5, () => 0)).toBe(2.5);
    expect(backoffSeconds(1, 5, () => 1)).toBe(5);
    expect(backoffSeconds(4, 5, () => 0)).toBe(20);
    expect(backoffSeconds(4, 5, () => 1)).toBe(40);
  });
  it('caps at an hour and honours Retry-After', () => {
    expect(backoffSeconds(30, 5, () => 1)).toBe(3600);
    expect(backoffSeconds(1, 5, () => 0, 120)).toBe(120);
  });
});

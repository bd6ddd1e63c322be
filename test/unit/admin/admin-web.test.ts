import { safeNext, sameToken } from '../../../src/admin/admin-web';

describe('admin web helpers', () => {
  it('follows only console paths after sign-in (no open redirect)', () => {
    expect(safeNext('/admin/grades')).toBe('/admin/grades');
    expect(safeNext('/admin/platforms/new?x=1')).toBe('/admin/platforms/new?x=1');
    for (const bad of ['https://evil.example', '//evil.example', '/admin//evil.example', '/adminx', '/admin/login', '/admin\\evil', undefined, 42]) {
      expect(safeNext(bad)).toBe('/admin');
    }
  });

  it('compares CSRF tokens exactly', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
    expect(sameToken('', '')).toBe(false);
  });
});

import { passwordProblem } from '../../../src/admin/password-policy';

describe('admin password policy', () => {
  it.each([
    ['short', 'elevenchars', 'too_short'],
    ['common', 'password1234', 'too_common'],
    ['common with suffix', 'Password1234!!', 'too_common'],
    ['one repeated character', 'zzzzzzzzzzzzzzz', 'too_common'],
    ['the email itself', 'operator@school.example', 'same_as_email'],
  ])('refuses a %s password', (_name, password, problem) => {
    expect(passwordProblem(password, 'operator@school.example')).toBe(problem);
  });

  it('accepts a long passphrase, counting accented letters as one character each', () => {
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
    expect(passwordProblem('mật khẩu dài')).toBeUndefined(); // 12 code points
    expect(passwordProblem('x'.repeat(257))).toBe('too_long');
  });
});

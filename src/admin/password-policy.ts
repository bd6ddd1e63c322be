/**
 * What a new operator password must be (NIST SP 800-63B §5.1.1.2): at least 12 characters, not
 * one of the passwords attackers try first, not the email itself. No composition rules (they
 * make passwords worse); a long passphrase is welcome. The upper bound only stops abuse.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'same_as_email';

/** The most common passwords of 12+ characters in public breach lists, lower-cased. */
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456123456', '111111111111', '000000000000',
  '123123123123', '123412341234', '147258369147', '987654321098', '012345678910', '1q2w3e4r5t6y',
  'qwertyuiopas', 'qwertyuiop12', 'qwertyuiop123', 'qwerty123456', 'qwertyqwerty', '1qaz2wsx3edc',
  'asdfghjklzxc', 'zaq12wsxcde3', 'password1234', 'password12345', 'password123!', 'passwordpassword',
  'password123456', 'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234', 'iloveyou1234', 'administrator',
  'administrator1', 'admin1234567', 'adminadmin123', 'changeme1234', 'letmein12345', 'welcome12345',
  'welcome123456', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234', 'superman1234',
  'starwars1234', 'monkey123456', 'dragon123456', 'abc123456789', 'abcdefghijkl', 'abcd12345678',
  'aaaaaaaaaaaa', 'qazwsxedcrfv', 'firstshield1', 'firstshield123', 'first shield', 'matkhau12345',
  'matkhau123456', 'motdepasse123', 'katasandi123',
]);

export function passwordProblem(password: string, email?: string): PasswordProblem | undefined {
  const length = [...password].length; // code points, so accented passphrases count fairly
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'too_common';
  // "Password1234!" and friends: the same word with digits and a symbol tacked on.
  if (COMMON.has(lower.replace(/[^a-z0-9]+$/, ''))) return 'too_common';
  const e = email?.toLowerCase();
  if (e && (lower === e || lower === e.split('@')[0])) return 'same_as_email';
  return undefined;
}

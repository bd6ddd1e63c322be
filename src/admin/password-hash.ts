/**
 * Operator passwords: scrypt from node:crypto (memory-hard; no extra dependency), stored as a
 * PHC-style string that carries its own parameters, so they can be raised later and old hashes
 * still verify (and are re-hashed at the next login, see needsRehash).
 *   $scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>
 * Parameters follow the OWASP Password Storage Cheat Sheet minimum for scrypt (N=2^17 is their
 * first choice; 2^15 keeps a login under ~100 ms on the small servers schools run this on).
 */
import crypto from 'node:crypto';

export interface ScryptParams { ln: number; r: number; p: number }

export const CURRENT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // maxmem must exceed 128·N·r, or node refuses the parameters.
  const maxmem = 256 * N * params.r;
  return new Promise((resolve, reject) => {
    crypto.scrypt(password.normalize('NFKC'), salt, keyLength, { N, r: params.r, p: params.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function parseHash(stored: string): (ScryptParams & { salt: Buffer; key: Buffer }) | undefined {
  const m = PHC.exec(stored);
  if (!m) return undefined;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse absurd parameters from a tampered row instead of burning a core for minutes.
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { ln, r, p, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

/** Constant-time comparison of the derived key; false for a malformed stored value. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length < 16) return false;
  const key = await derive(password, parsed.salt, parsed, parsed.key.length);
  return crypto.timingSafeEqual(key, parsed.key);
}

/** True when the stored hash was made with weaker parameters than the current ones. */
export function needsRehash(stored: string, params: ScryptParams = CURRENT_PARAMS): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.ln < params.ln || parsed.r < params.r || parsed.p < params.p;
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random password, made once: unknown accounts are checked against it so that a
 * login for an email that does not exist costs as much time as one that does.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(24).toString('base64'));
  return dummy;
}

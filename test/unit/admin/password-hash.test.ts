import { hashPassword, needsRehash, verifyPassword } from '../../../src/admin/password-hash';

describe('admin password hashing (scrypt)', () => {
  it('stores scrypt with its parameters and a 16-byte salt, and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const m = /^\$scrypt\$ln=15,r=8,p=1\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
    expect(m).not.toBeNull();
    expect(Buffer.from(m![1]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(m![2]!, 'base64')).toHaveLength(32);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored); // salted
  });

  it('verifies hashes made with older parameters and asks for a re-hash', async () => {
    const old = await hashPassword('an older passphrase here', { ln: 14, r: 8, p: 1 });
    await expect(verifyPassword('an older passphrase here', old)).resolves.toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('a current passphrase'))).toBe(false);
  });

  it('refuses malformed or absurd stored values instead of throwing or burning CPU', async () => {
    await expect(verifyPassword('x', 'plaintext')).resolves.toBe(false);
    await expect(verifyPassword('x', '$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).resolves.toBe(false);
  });
});

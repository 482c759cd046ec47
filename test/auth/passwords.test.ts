import { describe, expect, it } from 'vitest';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../src/auth/passwords.js';

describe('passwords', () => {
  it('hashes with scrypt N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key, and verifies only the right password', async () => {
    const encoded = await hashPassword('korrekt Pferd Batterie');
    const [scheme, n, r, p, salt, key, ...rest] = encoded.split('$');
    expect([scheme, n, r, p, rest]).toEqual(['scrypt', '32768', '8', '1', []]);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64url')).toHaveLength(32);
    expect(await verifyPassword('korrekt Pferd Batterie', encoded)).toBe(true);
    expect(await verifyPassword('korrekt Pferd Batterie ', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [first, second] = await Promise.all([hashPassword('zwölf Zeichen!'), hashPassword('zwölf Zeichen!')]);
    expect(first).not.toBe(second);
    expect(await verifyPassword('zwölf Zeichen!', second)).toBe(true);
  });

  it(`rejects passwords shorter than ${MIN_PASSWORD_LENGTH} characters, counting characters not bytes`, async () => {
    await expect(hashPassword('elf Zeichen')).rejects.toThrow(/at least 12 characters/);
    await expect(hashPassword('😀'.repeat(11))).rejects.toThrow(/at least 12 characters/);
    expect(await hashPassword('😀'.repeat(12))).toMatch(/^scrypt\$/);
  });

  it('refuses a stored hash that is not in its format, and one with an absurd cost', async () => {
    await expect(verifyPassword('irgendein Passwort', 'plain-text')).rejects.toThrow(/scrypt\$N\$r\$p\$salt\$hash/);
    await expect(verifyPassword('irgendein Passwort', 'scrypt$1073741824$8$1$c2FsdA$a2V5')).rejects.toThrow(
      /scrypt\$N/,
    );
  });
});

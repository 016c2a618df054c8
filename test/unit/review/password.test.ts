import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../../src/review/password.ts';

describe('password', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('sandi-rahasia-1'), hashPassword('sandi-rahasia-1')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('sandi-rahasia-1', a)).toBe(true);
    expect(await verifyPassword('sandi-rahasia-2', a)).toBe(false);
    expect(await verifyPassword('apa saja', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('apa saja', 'md5$abc')).toBe(false);
  });

  it('refuses short passwords and ones containing the username', () => {
    expect(passwordProblem('pendek', 'rina')).toMatch(/minimal 10/);
    expect(passwordProblem('Rina-12345678', 'rina')).toMatch(/nama pengguna/);
    expect(passwordProblem('kuda-laut-biru-7', 'rina')).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertPasswordPolicy,
  generateTemporaryPassword,
  hashPassword,
  usePasswordHashing,
  verifyPassword,
} from '../../local/cognito/passwords';

describe('local Cognito passwords', () => {
  it('verifies the password a hash was made from', async () => {
    const stored = await hashPassword('Correct-horse-9');

    await expect(verifyPassword('Correct-horse-9', stored)).resolves.toBe(true);
  });

  it('refuses a different password', async () => {
    const stored = await hashPassword('Correct-horse-9');

    await expect(verifyPassword('correct-horse-9', stored)).resolves.toBe(false);
  });

  it("hashes new passwords at the test runs' lighter cost when set, and verifies hashes of either cost", async () => {
    const standard = await hashPassword('Correct-horse-9');
    usePasswordHashing('fast');
    try {
      const fast = await hashPassword('Correct-horse-9');
      expect([standard.N, fast.N]).toEqual([16_384, 1_024]);
      await expect(verifyPassword('Correct-horse-9', standard)).resolves.toBe(true);
      await expect(verifyPassword('Correct-horse-9', fast)).resolves.toBe(true);
      await expect(verifyPassword('correct-horse-9', fast)).resolves.toBe(false);
    } finally {
      usePasswordHashing('standard');
    }
    expect((await hashPassword('Correct-horse-9')).N).toBe(16_384);
  });

  it('refuses every password when there is no stored hash', async () => {
    await expect(verifyPassword('', undefined)).resolves.toBe(false);
  });

  it('salts each hash, so one password never hashes the same twice', async () => {
    const [a, b] = await Promise.all([hashPassword('Correct-horse-9'), hashPassword('Correct-horse-9')]);

    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('keeps no trace of the password in what it stores', async () => {
    const stored = await hashPassword('Correct-horse-9');

    expect(JSON.stringify(stored)).not.toContain('Correct-horse-9');
  });

  it('refuses a password shorter than 8 characters with Cognito wording', () => {
    expect(() => assertPasswordPolicy('Short1!')).toThrow(
      'Password does not conform to policy: Password not long enough',
    );
  });

  it('refuses a password longer than 256 characters', () => {
    expect(() => assertPasswordPolicy('a'.repeat(257))).toThrow(/Password does not conform to policy/);
  });

  it('generates temporary passwords that meet the policy and hold every character class', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const password = generateTemporaryPassword();
        assertPasswordPolicy(password);
        return /[A-Z]/.test(password) && /[a-z]/.test(password) && /\d/.test(password) && /[^A-Za-z0-9]/.test(password);
      }),
      { numRuns: 500 },
    );
  });
});

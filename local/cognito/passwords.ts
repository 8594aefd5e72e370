import { randomBytes, randomInt, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { CognitoError } from './errors';

/** A password as the local Cognito keeps it: an scrypt hash with its own salt, never the password. */
export interface PasswordHash {
  algorithm: 'scrypt';
  /** scrypt cost parameters, stored so they can be raised without breaking stored hashes. */
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

/** scrypt's cost: what the local Cognito hashes new passwords with (each hash keeps its own). */
export type PasswordHashing = 'standard' | 'fast';
const costs = { standard: { N: 16_384, r: 8, p: 1 }, fast: { N: 1_024, r: 8, p: 1 } } as const;
let COST: (typeof costs)[PasswordHashing] = costs.standard;

/**
 * Sets the cost new hashes are made with. `fast` (a sixteenth of the work) is for test runs,
 * which create hundreds of users and sign each in, as test settings of password hashers do
 * (e.g. Devise's `stretches`); stored hashes keep their own parameters, so either verifies both.
 */
export function usePasswordHashing(hashing: PasswordHashing): void {
  COST = costs[hashing];
}
const KEY_LENGTH = 32;
/** Cognito's password length limits (the policy minimum is the pool default, 8). */
const MIN_LENGTH = 8;
const MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes a password with scrypt and a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return { algorithm: 'scrypt', ...COST, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/**
 * True when `password` matches `stored`, compared in constant time. Without a stored hash it
 * still derives one, so an unknown user costs as long as a wrong password (no timing oracle).
 */
export async function verifyPassword(password: string, stored: PasswordHash | undefined): Promise<boolean> {
  if (!stored) {
    await derive(password, randomBytes(16), COST);
    return false;
  }
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), { N: stored.N, r: stored.r, p: stored.p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Throws InvalidPasswordException, worded as Cognito words it, when the password breaks the
 * policy. Only the length is enforced: the local pools are for development, and the deployed
 * pool's full policy (character classes) is Cognito's job.
 */
export function assertPasswordPolicy(password: string): void {
  if (password.length < MIN_LENGTH) {
    throw new CognitoError('InvalidPasswordException', 'Password does not conform to policy: Password not long enough');
  }
  if (password.length > MAX_LENGTH) {
    throw new CognitoError(
      'InvalidPasswordException',
      `Password does not conform to policy: Password must have length less than or equal to ${MAX_LENGTH}`,
    );
  }
}

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '^$*.[]{}()?-!@#%&/,><:;|_~'];

/** A random 16-character temporary password with every character class, like Cognito's. */
export function generateTemporaryPassword(): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < 16) chars.push(all[randomInt(all.length)] as string);
  // Fisher–Yates, so the guaranteed classes are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

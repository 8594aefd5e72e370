import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** Digits of a one-time code. */
export const codeLength = 6;

/** How long a code can be answered: Cognito's AuthSessionValidity of the portal client (R2). */
export const codeLifetimeMinutes = 10;

/** Wrong answers a code takes before its session fails and a new code is needed (R4). */
export const maxWrongAnswers = 3;

/** A one-time code: 6 digits from the CSPRNG, every digit reachable in every position (R1). */
export function newOneTimeCode(): string {
  return String(randomInt(0, 10 ** codeLength)).padStart(codeLength, '0');
}

/** A code as FieldPass keeps it between the challenge and the answer: never the code itself (R6). */
export interface CodeDigest {
  salt: string;
  hash: string;
}

// scrypt's defaults (N = 2^14, r = 8): tens of milliseconds per check, so a stolen digest of a
// 6-digit code is still slow to reverse, while one answer costs the trigger little.
const scryptAsync = (code: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(code, salt, 32, (error, key) => (error ? reject(error) : resolve(key))),
  );

/** A salted slow hash of the code. */
export async function digestCode(code: string): Promise<CodeDigest> {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64url'), hash: (await scryptAsync(code, salt)).toString('base64url') };
}

/** A digest no answer matches, for challenges that must look real but lead nowhere. */
export function unmatchableDigest(): CodeDigest {
  return { salt: randomBytes(16).toString('base64url'), hash: randomBytes(32).toString('base64url') };
}

/** Whether `answer` is the code of `digest`; constant time in the comparison. */
export async function codeMatches(answer: string, digest: CodeDigest): Promise<boolean> {
  const expected = Buffer.from(digest.hash, 'base64url');
  // Anything but six digits is wrong, but is hashed all the same so it takes as long.
  const actual = await scryptAsync(answer, Buffer.from(digest.salt, 'base64url'));
  return /^\d{6}$/.test(answer) && expected.length === actual.length && timingSafeEqual(expected, actual);
}

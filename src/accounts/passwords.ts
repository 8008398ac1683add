import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters; the log2 of N is stored with each hash so they can rise later. */
export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

/** About 100 ms and 32 MiB on a laptop core: OWASP's minimum for scrypt is N=2^17 with r=8 at p=1
 * or, equivalently in memory and time, N=2^15 with r=8 and p=3. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 15, r: 8, p: 3 };

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 512;

const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Why a new password is not acceptable, or undefined when it is (length only, as NIST 800-63B asks). */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'the password must be a string';
  const length = [...password.normalize('NFKC')].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `the password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH)
    return `the password must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  return undefined;
}

/**
 * A self-describing hash, `scrypt$log2N$r$p$salt$key` (salt and key in base64url), with a fresh
 * 128-bit salt per call. Passwords are NFKC-normalised first so the same typed text always matches.
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return [
    'scrypt',
    cost.log2N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Whether `password` matches `stored` (from hashPassword), compared in constant time. A malformed
 * `stored` never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [log2N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![log2N, r, p].every((n) => Number.isInteger(n) && n > 0) || log2N > 20 || r > 32 || p > 16)
    return false;
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const expected = Buffer.from(parts[5] as string, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, { log2N, r, p });
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/** Spends the time a real check would, so an unknown name answers as slowly as a wrong password. */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password, only for timing');
  await verifyPassword(password, await dummyHash);
  return false;
}

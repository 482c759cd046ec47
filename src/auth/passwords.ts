import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;

/** scrypt's cost: N=2^15, r=8 takes 32 MiB and some 50–100 ms per hash, which is what slows down guessing. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Upper bounds for parameters read from a stored hash, so a damaged row cannot make a login take minutes. */
const MAX_COST = { N: 2 ** 20, r: 32, p: 16 } as const;

/**
 * Hashes a password with scrypt into `scrypt$N$r$p$salt$hash` (salt and hash base64url), so the cost can be raised
 * later without invalidating stored hashes. Throws when the password is shorter than `MIN_PASSWORD_LENGTH`.
 */
export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem !== undefined) throw new Error(problem);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `encoded` (from `hashPassword`); throws when `encoded` is not such a hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const { cost, salt, key } = decode(encoded);
  const candidate = await derive(password, salt, key.length, cost);
  return timingSafeEqual(candidate, key);
}

/** Why a password may not be used, or undefined when it may. Counts characters, not UTF-16 units. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `the password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  }
  return undefined;
}

interface Cost {
  N: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, length: number, cost: Cost): Promise<Buffer> {
  // scrypt needs 128·N·r bytes (plus a little); Node's default maxmem of 32 MiB is exactly too small for N=2^15, r=8.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function decode(encoded: string): { cost: Cost; salt: Buffer; key: Buffer } {
  const parts = encoded.split('$');
  const [scheme, n, r, p, salt, key] = parts;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const valid =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    Number.isInteger(cost.N) &&
    cost.N > 1 &&
    cost.N <= MAX_COST.N &&
    (cost.N & (cost.N - 1)) === 0 &&
    Number.isInteger(cost.r) &&
    cost.r >= 1 &&
    cost.r <= MAX_COST.r &&
    Number.isInteger(cost.p) &&
    cost.p >= 1 &&
    cost.p <= MAX_COST.p &&
    salt !== undefined &&
    salt.length > 0 &&
    key !== undefined &&
    key.length > 0;
  if (!valid || salt === undefined || key === undefined) {
    throw new Error('password hash is not in the form scrypt$N$r$p$salt$hash');
  }
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

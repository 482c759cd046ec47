import { randomInt } from 'node:crypto';

/**
 * Reference numbers citizens read out on the phone and type into forms: `<PREFIX>-<YYYY>-<6 random>-<check>`, e.g.
 * `HU-2026-7K3Q9M-4`. The random part and the check character use Crockford's base32 alphabet (no I, L, O, U, so
 * nothing is mistaken for 1 or 0). The check character is the ISO 7064 MOD 37-2 check value of prefix, year and
 * random part, written as a Crockford symbol; references are drawn so that the value is below 32, which keeps the
 * check in the same alphabet. It catches every single mistyped character and every swap of two neighbours.
 */
export function generateReference(prefix: string, at: Date, random: (max: number) => number = randomInt): string {
  if (!PREFIX.test(prefix)) throw new Error(`reference number: invalid prefix "${prefix}" (capital letters, digits)`);
  const year = berlinYear(at);
  // An honest random source runs out with a chance of 10⁻¹¹¹; a broken `random` must not loop forever.
  for (let draw = 0; draw < 128; draw += 1) {
    let body = '';
    for (let i = 0; i < RANDOM_LENGTH; i += 1) body += CROCKFORD[random(CROCKFORD.length)] ?? '';
    const check = checkValue(prefix, year, body);
    // A check value of 32..36 has no Crockford symbol; drawing again costs 5/37 of the space.
    if (check < CROCKFORD.length) return `${prefix}-${year}-${body}-${CROCKFORD[check]}`;
  }
  throw new Error('reference number: the random source keeps drawing references without a check symbol');
}

/** The reference in canonical form (upper case, Crockford look-alikes in the random part folded), or undefined. */
export function normaliseReference(text: string): string | undefined {
  const match = SHAPE.exec(text.trim().toUpperCase().replace(/\s+/g, ''));
  if (!match) return undefined;
  const [, prefix = '', year = '', rawBody = '', rawCheck = ''] = match;
  const body = foldCrockford(rawBody);
  const check = foldCrockford(rawCheck);
  if (!/^[0-9A-HJKMNP-TV-Z]+$/.test(body + check)) return undefined;
  if (CROCKFORD[checkValue(prefix, year, body)] !== check) return undefined;
  return `${prefix}-${year}-${body}-${check}`;
}

/** Whether `text` is a well-formed reference whose check character matches. */
export function isValidReference(text: string): boolean {
  return normaliseReference(text) !== undefined;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_LENGTH = 6;
const PREFIX = /^[A-Z][A-Z0-9]{0,7}$/;
const SHAPE = /^([A-Z][A-Z0-9]{0,7})-(\d{4})-([0-9A-Z]{6})-([0-9A-Z])$/;

/**
 * ISO 7064 MOD 37-2 (pure system, radix 2): the value that completes the weighted sum to 1 modulo 37. Prefix and year
 * count as base 36 digits (the prefix may hold any capital letter), the random part by its Crockford value, like the
 * check itself, so that swapping the last random character with the check is caught too.
 */
function checkValue(prefix: string, year: string, body: string): number {
  const values = [
    ...[...`${prefix}${year}`].map((char) => Number.parseInt(char, 36)),
    ...[...body].map((char) => CROCKFORD.indexOf(char)),
  ];
  const sum = values.reduce((total, value) => ((total + value) * 2) % 37, 0);
  return (38 - sum) % 37;
}

function foldCrockford(text: string): string {
  return text.replace(/[IL]/g, '1').replace(/O/g, '0');
}

function berlinYear(at: Date): string {
  return new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Berlin' }).format(at);
}

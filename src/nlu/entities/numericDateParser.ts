import type { Parser } from 'chrono-node';
import { isRealDate } from './calendarDate.js';

/**
 * Chrono parser for German numeric dates: "15.3.", "15.03.", "15.3.2027", "15.3.27". Chrono's German locale reads
 * "15.3." as nothing and "7.12." as the time 07:12; this parser's match is one character longer, so chrono's own
 * overlap removal prefers it, and its merge refiners then join "am 15.3. um 10 Uhr" into one date with a time.
 * Without a year the trailing dot is required ("15.3" stays ambiguous with 15:03). The year is left unknown for
 * `findDates` to infer; a two-digit year is the one at most 20 years ahead ("1.2.85" is 1985, "1.2.27" 2027).
 */
export const numericDateParser: Parser = {
  // chrono runs the pattern on the rest of the text after each match, so the look-behind only sees that rest.
  pattern: () => /(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(?:\s?(\d{4})|(\d{2}))?(?![\d])/,
  extract: (context, match) => {
    const day = Number(match[1]);
    const month = Number(match[2]);
    const fullYear = match[3] === undefined ? undefined : Number(match[3]);
    const shortYear = match[4] === undefined ? undefined : Number(match[4]);
    const year = fullYear ?? (shortYear === undefined ? undefined : century(shortYear, context.refDate.getFullYear()));
    // 2000 is a leap year, so 29.2. without a year passes here and is moved to a leap year later.
    if (!isRealDate({ year: year ?? 2000, month, day })) return null;
    return year === undefined ? { day, month } : { day, month, year };
  },
};

function century(shortYear: number, referenceYear: number): number {
  const thisCentury = Math.floor(referenceYear / 100) * 100 + shortYear;
  return thisCentury > referenceYear + 20 ? thisCentury - 100 : thisCentury;
}

import type { Parser, Refiner } from 'chrono-node';
import { isRealDate } from './calendarDate.js';

const TAG = 'govbot/numericDate';

/**
 * Chrono parser for German numeric dates: "15.3.", "15.03.", "15.3.2027", "15.3.27". Chrono's German locale reads
 * "15.3." as nothing and "7.12." as the time 07:12. Without a year the trailing dot is required ("15.3" stays
 * ambiguous with 15:03). The year is left unknown for `findDates` to infer; a two-digit year is the one at most 20
 * years ahead ("1.2.85" is 1985, "1.2.27" 2027). Use it with `numericDatesFirst`.
 */
export const numericDateParser: Parser = {
  pattern: () => /(\d{1,2})\.(\d{1,2})\.(?:\s?(\d{4})|(\d{2}))?(?!\d)/,
  extract: (context, match) => {
    // Chrono runs the pattern again on the rest of the text after a rejected match, where a look-behind would not
    // see that "1.4." is part of "31.4.".
    if (/[\d.,]/.test(context.text.charAt((match.index ?? 0) - 1))) return null;
    const day = Number(match[1]);
    const month = Number(match[2]);
    const fullYear = match[3] === undefined ? undefined : Number(match[3]);
    const shortYear = match[4] === undefined ? undefined : Number(match[4]);
    const year = fullYear ?? (shortYear === undefined ? undefined : century(shortYear, context.refDate.getFullYear()));
    if (year !== undefined) {
      return isRealDate({ year, month, day })
        ? context.createParsingComponents({ day, month, year }).addTag(TAG)
        : null;
    }
    // Chrono drops a result whose implied year lacks the day, so 29.2. gets a leap year; `findDates` infers the year.
    const referenceYear = context.refDate.getFullYear();
    const possibleYear = [0, 1, 2, 3, 4]
      .map((ahead) => referenceYear + ahead)
      .find((candidate) => isRealDate({ year: candidate, month, day }));
    if (possibleYear === undefined) return null;
    return context.createParsingComponents({ day, month }).imply('year', possibleYear).addTag(TAG);
  },
};

/**
 * Chrono refiner to run first: a numeric date beats whatever else chrono read into its digits, such as the time
 * "um 01.02" in "Geburtsdatum 01.02.85" or 07:12 in "7.12.". Chrono's merge refiners then join "am 15.3. um 10 Uhr"
 * into one date with a time.
 */
export const numericDatesFirst: Refiner = {
  refine: (_context, results) => {
    const dates = results.filter((result) => result.tags().has(TAG));
    return results.filter(
      (result) =>
        result.tags().has(TAG) ||
        dates.every(
          (date) => result.index + result.text.length <= date.index || date.index + date.text.length <= result.index,
        ),
    );
  },
};

function century(shortYear: number, referenceYear: number): number {
  const thisCentury = Math.floor(referenceYear / 100) * 100 + shortYear;
  return thisCentury > referenceYear + 20 ? thisCentury - 100 : thisCentury;
}

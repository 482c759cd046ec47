import type { PersonalSpan } from './scrubPersonalData.js';

const MONTH =
  'Jan(?:uar|uary)?|Feb(?:ruar|ruary)?|März|Maerz|Mär|March|Mar|Apr(?:il)?|Mai|May|Jun[ie]?|Jul[iy]?|Aug(?:ust)?|' +
  'Sep(?:t(?:ember)?)?|Okt(?:ober)?|Oct(?:ober)?|Nov(?:ember)?|Dez(?:ember)?|Dec(?:ember)?';
const YEAR = String.raw`(?:19|20)\d\d`;
// "12.03.1985", "1.3.85", "12/03/1985", "1985-03-12", "12. März 1985", "12th March 1985", "March 12, 1985".
const FULL_DATE = new RegExp(
  [
    String.raw`(?<![\p{N}.])\d{1,2}\s?[./]\s?\d{1,2}\s?[./]\s?(?:${YEAR}|(\d\d))(?![\p{N}])`,
    String.raw`(?<![\p{N}])${YEAR}-\d{2}-\d{2}(?![\p{N}])`,
    String.raw`(?<![\p{N}])\d{1,2}(?:\.|st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTH})\.?,?\s+(?:${YEAR}|(\d\d))(?![\p{N}])`,
    String.raw`(?<![\p{L}])(?:${MONTH})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:${YEAR}|(\d\d))(?![\p{N}])`,
  ].join('|'),
  'giu',
);
const BIRTH_CONTEXT = /(?:geboren|geb\.|geburts\w*|born|birth\w*|d\.?o\.?b\.?)[^.?!\n]{0,30}$/iu;

/**
 * Dates with a year ("geboren am 12.03.1985", "DOB 1985-03-12"): in a question to the city such a date is a date of
 * birth or of something as personal (a marriage, a notice received). A year of two digits only next to "geboren",
 * "Geburtsdatum", "born", because "1.3.25" is as often an appointment. Dates without a year ("am 15.3.") stay.
 */
export function findBirthDates(text: string): PersonalSpan[] {
  return [...text.matchAll(FULL_DATE)].flatMap((match) => {
    const shortYear = match.slice(1).some((group) => group !== undefined);
    if (shortYear && !BIRTH_CONTEXT.test(text.slice(0, match.index))) return [];
    return [{ start: match.index, end: match.index + match[0].length, placeholder: '[DATUM]' as const }];
  });
}

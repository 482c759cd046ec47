import type { Language } from '../../catalogue/schema.js';
import { findAddresses } from '../../nlu/entities/findAddresses.js';
import { findEmails } from '../../nlu/entities/findEmails.js';
import { finderContext } from '../../nlu/entities/finderContext.js';
import { findIbans } from '../../nlu/entities/findIbans.js';
import { findPhones } from '../../nlu/entities/findPhones.js';
import { findVehiclePlates } from '../../nlu/entities/findVehiclePlates.js';
import { findBirthDates } from './findBirthDates.js';
import { findIdentifierNumbers } from './findIdentifierNumbers.js';
import { findNames } from './findNames.js';

export type Placeholder =
  | '[NAME]'
  | '[E-MAIL]'
  | '[TELEFON]'
  | '[IBAN]'
  | '[ADRESSE]'
  | '[KENNZEICHEN]'
  | '[DATUM]'
  | '[NUMMER]';

/** A stretch of a message to replace. */
export interface PersonalSpan {
  start: number;
  end: number;
  placeholder: Placeholder;
}

/**
 * The message with personal data replaced by placeholders, for storing it where editors read it (the inbox): names
 * ("ich heiße …", "Frau …", a signature), e-mail addresses, phone numbers, IBANs, street addresses, postcodes with a
 * city, vehicle registration numbers, dates of birth and long digit sequences (Aktenzeichen, customer numbers).
 * Errs on the side of the question: ordinary questions ("Was kostet ein Reisepass?") come back unchanged.
 */
export function scrubPersonalData(text: string, lang: Language): string {
  const spans = resolve(personalSpans(text, lang));
  let scrubbed = text;
  for (const span of spans.sort((a, b) => b.start - a.start)) {
    scrubbed = scrubbed.slice(0, span.start) + span.placeholder + scrubbed.slice(span.end);
  }
  return scrubbed;
}

/** Every candidate, overlapping; `resolve` keeps the most specific. */
function personalSpans(text: string, lang: Language): PersonalSpan[] {
  const context = finderContext({ lang });
  const entities = (
    [
      [findIbans, '[IBAN]'],
      [findEmails, '[E-MAIL]'],
      [findAddresses, '[ADRESSE]'],
      [findVehiclePlates, '[KENNZEICHEN]'],
      [findPhones, '[TELEFON]'],
    ] as const
  ).flatMap(([find, placeholder]) =>
    find(text, context).map(({ start, end }): PersonalSpan => ({ start, end, placeholder })),
  );
  return [
    ...entities,
    ...findPostcodesWithCity(text),
    ...findBirthDates(text),
    ...findNames(text, lang),
    ...findIdentifierNumbers(text),
  ];
}

const PRIORITY: readonly Placeholder[] = [
  '[IBAN]',
  '[E-MAIL]',
  '[ADRESSE]',
  '[KENNZEICHEN]',
  '[DATUM]',
  '[TELEFON]',
  '[NAME]',
  '[NUMMER]',
];

/** Non-overlapping spans: the more specific kind first, then the longer one. */
function resolve(candidates: PersonalSpan[]): PersonalSpan[] {
  const ranked = [...candidates].sort(
    (a, b) => PRIORITY.indexOf(a.placeholder) - PRIORITY.indexOf(b.placeholder) || b.end - b.start - (a.end - a.start),
  );
  const kept: PersonalSpan[] = [];
  for (const candidate of ranked) {
    if (kept.every((other) => candidate.end <= other.start || other.end <= candidate.start)) kept.push(candidate);
  }
  return kept;
}

// "80331 München", "10115 Berlin-Mitte": a postcode and a capitalised word that is no unit ("10000 Euro").
const POSTCODE_CITY = /(?<![\p{N}.,])(?!00)\d{5}\s+\p{Lu}[\p{L}-]+(?:\s(?:am|an der|im|ob der)\s\p{Lu}\p{L}+)?/gu;
const NO_CITY =
  /^\d{5}\s+(?:Euro|EUR|Einwohner\w*|Menschen|Personen|Leute|Besucher\w*|Stück|Kilometer|Quadratmeter|Unterschriften|Mitglieder\w*|Dollar|Schritte|Jahre|Tage)\b/u;

function findPostcodesWithCity(text: string): PersonalSpan[] {
  return [...text.matchAll(POSTCODE_CITY)]
    .filter((match) => !NO_CITY.test(match[0]))
    .map((match) => ({ start: match.index, end: match.index + match[0].length, placeholder: '[ADRESSE]' }));
}

import { getCountrySpecifications, ValidationErrorsIBAN, validateIBAN } from 'ibantools';
import type { EntityFinder } from './finderContext.js';
import type { Entity, EntityOf } from './types.js';

// Country code, check digits, then letters and digits in groups separated by single spaces; the length comes from
// the country, so the match may run on into the next word and is cut back below.
const IBAN_LIKE = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){10,30}/gu;

/**
 * IBANs with ibantools ("DE89 3704 0044 0532 0130 00"). One that has the shape of an IBAN of a known country but
 * fails validation becomes an `invalidIban` entity with the reason, so a dialog can say "the checksum is wrong".
 */
export const findIbans: EntityFinder = (text) => {
  const entities: Entity[] = [];
  for (const match of text.matchAll(IBAN_LIKE)) {
    const country = match[0].slice(0, 2).toUpperCase();
    const length = getCountrySpecifications()[country]?.chars;
    if (length === undefined || length === null) continue;
    const { raw, iban } = takeCharacters(match[0], length);
    // An account number has digits: "BF17 Zustimmung" is no IBAN.
    if (iban.slice(4).replace(/\D/g, '').length < 6) continue;
    const start = match.index;
    const found = { text: raw, start, end: start + raw.length };
    const reason = iban.length < length ? 'iban_length' : problem(iban);
    entities.push(
      reason === undefined
        ? { type: 'iban', ...found, value: iban }
        : { type: 'invalidIban', ...found, value: { iban, reason } },
    );
  }
  return entities;
};

/**
 * The first `count` letters and digits of the match and the text they span. A word after a space ends the IBAN
 * early ("DE89 3704 0044 0532 0130 00 und" must not take "und").
 */
function takeCharacters(match: string, count: number): { raw: string; iban: string } {
  let iban = '';
  let end = 0;
  for (let i = 0; i < match.length && iban.length < count; i++) {
    const char = match.charAt(i);
    if (char === ' ' && /^ ?\S*[a-z]{2}/.test(match.slice(i))) break;
    if (char === ' ') continue;
    iban += char.toUpperCase();
    end = i + 1;
  }
  return { raw: match.slice(0, end), iban };
}

function problem(iban: string): EntityOf<'invalidIban'>['value']['reason'] | undefined {
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return undefined;
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) return 'iban_length';
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) return 'iban_format';
  return 'iban_checksum';
}

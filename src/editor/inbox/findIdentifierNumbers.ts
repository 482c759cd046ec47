import type { PersonalSpan } from './scrubPersonalData.js';

// A run of digits, possibly grouped by spaces, dots, dashes or slashes, with letters glued on ("AZ-123/456").
const NUMBER_RUN =
  /(?<![\p{L}\p{N}-])(?:\p{Lu}{1,4}[-/ ]?)?\d(?:[\d/-]|[ .](?=\d))*\d(?:[-/]?\p{L}{1,3})?(?![\p{L}\p{N}])/gu;
// The word before it says it is a reference: then three digits are enough ("Aktenzeichen 123/45").
const REFERENCE_WORD =
  /(?:aktenzeichen|az\.?|gesch(?:ä|ae)ftszeichen|kundennummer|kunden-nr\.?|kd\.?-?nr\.?|vorgangsnummer|vorgangs-nr\.?|antragsnummer|steuernummer|steuer-id|steuer-identifikationsnummer|identifikationsnummer|personalnummer|versichertennummer|mitgliedsnummer|rechnungsnummer|kassenzeichen|buchungsnummer|referenznummer|ticketnummer|nummer|nr\.?|reference(?: number)?|ref\.?|customer (?:number|no\.?|id)|case (?:number|no\.?)|file (?:number|no\.?)|tax id|id)(?:\s*[:#]|\s+(?:ist|lautet|is|was|war))?\s*$/iu;
// "1.000.000 Euro", "250.000 €" are amounts, not identifiers.
const AMOUNT_AFTER = /^\s*(?:€|euro|eur|dollar|\$|prozent|%|einwohner|menschen|km|m²|qm)/iu;

/**
 * Long digit sequences (Aktenzeichen, customer and tax numbers, reference numbers): six digits or more, or three or
 * more right after a word such as "Aktenzeichen", "Kundennummer", "reference". Years, prices and postcodes are
 * shorter or followed by a unit, so they stay.
 */
export function findIdentifierNumbers(text: string): PersonalSpan[] {
  return [...text.matchAll(NUMBER_RUN)].flatMap((match) => {
    const digits = match[0].replace(/\D/g, '').length;
    const end = match.index + match[0].length;
    if (AMOUNT_AFTER.test(text.slice(end))) return [];
    const referenced = digits >= 3 && REFERENCE_WORD.test(text.slice(Math.max(0, match.index - 60), match.index));
    if (digits < 6 && !referenced) return [];
    return [{ start: match.index, end, placeholder: '[NUMMER]' as const }];
  });
}

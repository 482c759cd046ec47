import type { EntityFinder } from './finderContext.js';

// District code (1–3 letters, umlauts in e.g. "LÖ", "TÜ"), a separator, 1–2 letters, an optional separator, 1–4
// digits not starting with 0, and an optional E (electric) or H (historic) suffix. Upper case only in free text:
// "bis zu 3" would otherwise be a plate; `parseEntity` upper-cases an answer to "Ihr Kennzeichen?" first.
const PLATE =
  /(?<![\p{L}\p{N}-])([A-ZÄÖÜ]{1,3})(?: ?- ?| )([A-Z]{1,2})[ -]?([1-9]\d{0,3})(?: ?([EH]))?(?![\p{L}\p{N}])/gu;

/** German registration numbers ("M-XY 99", "M XY 99", "B AB 1234E"), normalised to "M-XY 99". */
export const findVehiclePlates: EntityFinder = (text) =>
  [...text.matchAll(PLATE)].flatMap((match) => {
    const [whole, district = '', letters = '', digits = '', suffix = ''] = match;
    // Letters and digits together have at most eight characters on a German plate; "DIN A4" is paper.
    if (district.length + letters.length + digits.length > 8 || /^DIN [A-C]\d/.test(whole)) return [];
    return [
      {
        type: 'vehiclePlate' as const,
        text: whole,
        start: match.index,
        end: match.index + whole.length,
        value: `${district}-${letters} ${digits}${suffix}`,
      },
    ];
  });

import { normaliseText } from '../normaliseText.js';
import type { EntityFinder } from './finderContext.js';
import type { EntityOf } from './types.js';

/**
 * The configured districts ("wohne in Nordstadt"), whatever the case, with umlauts written as "ue" or without dots
 * ("Suedviertel", "Sudviertel") and with the parts of a name joined, hyphenated or spaced ("Süd-Viertel").
 * The value is the name as configured.
 */
export const findDistricts: EntityFinder = (text, context) => {
  const names = new Map<string, string>();
  let maxWords = 1;
  for (const district of context.districts) {
    names.set(key(district), district);
    names.set(bareKey(district), district);
    // One more than the name has, so "Süd Viertel" is found for "Südviertel".
    maxWords = Math.max(maxWords, words(district).length + 1);
  }
  if (names.size === 0) return [];
  const tokens = words(text);
  const found: EntityOf<'district'>[] = [];
  let first = 0;
  while (first < tokens.length) {
    const district = longestDistrictAt(text, tokens.slice(first, first + maxWords), names);
    if (district) found.push(district.entity);
    first += district ? district.words : 1;
  }
  return found;
};

interface Token {
  start: number;
  end: number;
}

/** The longest run of `tokens` from the first one that names a district, so "Neustadt Süd" wins over "Neustadt". */
function longestDistrictAt(text: string, tokens: Token[], names: Map<string, string>) {
  for (let count = tokens.length; count > 0; count--) {
    const start = tokens[0]?.start ?? 0;
    const end = tokens[count - 1]?.end ?? start;
    const written = text.slice(start, end);
    if (/[^\p{L}\p{N}\s-]/u.test(written)) continue;
    const district = names.get(key(written));
    if (district === undefined) continue;
    const entity = { type: 'district' as const, text: written, start, end, value: district };
    return { entity, words: count };
  }
  return undefined;
}

function words(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** ä/ae, ö/oe, ü/ue and ß/ss meet; case, spaces and hyphens do not count. */
function key(name: string): string {
  return normaliseText(name).replace(/[^a-z0-9]/g, '');
}

/** The same with the umlaut dots dropped, for "Sudviertel". */
function bareKey(name: string): string {
  return key(name.replace(/[äöü]/gi, (umlaut) => umlaut.normalize('NFD').charAt(0)));
}

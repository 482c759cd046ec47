import type { EntityFinder } from './finderContext.js';
import { NUMBER_PATTERN, parseLocaleNumber } from './parseLocaleNumber.js';

const DIGITS = new RegExp(`(?<![\\p{L}\\p{N}.,])${NUMBER_PATTERN}(?![\\p{N}])`, 'gu');

// Only the unambiguous words: German "ein/eine" is the article far more often than the number.
const WORDS: Record<'de' | 'en', readonly string[]> = {
  de: ['eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf'],
  en: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
};
const ALIASES: Record<string, number> = { zwo: 2, fuenf: 5, zwoelf: 12 };

/** Numbers in digits ("2,5 Stunden", "1.000") and the number words one to twelve ("drei Hunde", "two dogs"). */
export const findNumbers: EntityFinder = (text, context) => {
  const values = new Map<string, number>(WORDS[context.lang].map((word, index) => [word, index + 1]));
  if (context.lang === 'de') for (const [word, value] of Object.entries(ALIASES)) values.set(word, value);
  const fromDigits = [...text.matchAll(DIGITS)].flatMap((match) => {
    const value = parseLocaleNumber(match[0], context.lang);
    return value === undefined ? [] : [{ match, value }];
  });
  const fromWords = [...text.matchAll(/\p{L}+/gu)].flatMap((match) => {
    const value = values.get(match[0].toLowerCase());
    return value === undefined ? [] : [{ match, value }];
  });
  return [...fromDigits, ...fromWords].map(({ match, value }) => ({
    type: 'number' as const,
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
    value,
  }));
};

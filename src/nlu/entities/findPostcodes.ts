import type { EntityFinder } from './finderContext.js';

// Five digits not part of a longer number, a decimal ("12345,50") or a grouped number ("1.12345").
const POSTCODE = /(?<![\p{N}.,])\d{5}(?![\p{N}]|[.,]\d)/gu;

/** German postcodes ("PLZ 80331", "12345"); 00xxx is not in use. */
export const findPostcodes: EntityFinder = (text) =>
  [...text.matchAll(POSTCODE)]
    .filter((match) => !match[0].startsWith('00'))
    .map((match) => ({
      type: 'postcode' as const,
      text: match[0],
      start: match.index,
      end: match.index + match[0].length,
      value: match[0],
    }));

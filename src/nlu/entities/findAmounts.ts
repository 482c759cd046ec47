import type { EntityFinder } from './finderContext.js';
import { NUMBER_PATTERN, parseLocaleNumber } from './parseLocaleNumber.js';

const CURRENCY = String.raw`(?:€|EUR\b|[Ee]uros?\b)`;
const AMOUNT = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:${CURRENCY}\s?(${NUMBER_PATTERN})|(${NUMBER_PATTERN})(?:,-{1,2})?\s?${CURRENCY})`,
  'gu',
);

/** Sums of money in euros: "25 €", "25,50 Euro", "25,- €", "EUR 30", "€30". */
export const findAmounts: EntityFinder = (text, context) =>
  [...text.matchAll(AMOUNT)].flatMap((match) => {
    const amount = parseLocaleNumber(match[1] ?? match[2] ?? '', context.lang);
    if (amount === undefined) return [];
    return [
      {
        type: 'amount' as const,
        text: match[0],
        start: match.index,
        end: match.index + match[0].length,
        value: { amount, currency: 'EUR' as const },
      },
    ];
  });

import type { Language } from '../../catalogue/schema.js';

/** Digits with dots or commas between them: "12", "2,5", "1.000", "1,000.50", "1.234.567,89". */
export const NUMBER_PATTERN = String.raw`\d+(?:[.,]\d+)*`;

/**
 * Reads a number written with German or English separators. Unambiguous forms are read the same in both languages
 * ("2,5" and "2.5" are 2.5; "1.000,50" and "1,000.50" are 1000.5); only a single separator followed by exactly
 * three digits is decided by the language: "1.000" is 1000 in German and 1 in English, "1,000" the other way round.
 * Undefined for digit groups that are no number ("1.2.3", "12,34,5").
 */
export function parseLocaleNumber(written: string, lang: Language): number | undefined {
  const separators = written.replace(/\d/g, '');
  const groups = written.split(/[.,]/);
  const last = separators.charAt(separators.length - 1);
  const hasDecimals = decimalSeparator(separators, groups, lang) === last && last !== '';
  const integerGroups = hasDecimals ? groups.slice(0, -1) : groups;
  const [head = '', ...thousands] = integerGroups;
  if (thousands.length > 0 && (head.length > 3 || thousands.some((group) => group.length !== 3))) return undefined;
  // Thousands separators must all be the same character, and not the decimal one.
  const grouping = hasDecimals ? separators.slice(0, -1) : separators;
  if (new Set(grouping).size > 1 || (hasDecimals && grouping.includes(last))) return undefined;
  const integer = integerGroups.join('');
  return Number(hasDecimals ? `${integer}.${groups[groups.length - 1]}` : integer);
}

function decimalSeparator(separators: string, groups: string[], lang: Language): string | undefined {
  if (separators.length === 0) return undefined;
  if (separators.includes('.') && separators.includes(',')) return separators.charAt(separators.length - 1);
  if (separators.length > 1) return undefined;
  const [head = '', tail = ''] = groups;
  const couldBeThousands = tail.length === 3 && head.length <= 3 && head !== '0';
  if (couldBeThousands) return lang === 'de' ? ',' : '.';
  return separators;
}

import { describe, expect, it } from 'vitest';
import { generateReference, isValidReference, normaliseReference } from '../../src/applications/referenceNumber.js';

const FORMAT = /^HU-2026-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]$/;
const SYMBOLS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const AT = new Date('2026-03-02T09:00:00.000Z');
const references = Array.from({ length: 300 }, () => generateReference('HU', AT));

describe('reference numbers', () => {
  it('are <prefix>-<year>-<6 Crockford characters>-<check>, and valid', () => {
    for (const reference of references) {
      expect(reference).toMatch(FORMAT);
      expect(isValidReference(reference)).toBe(true);
    }
    expect(new Set(references).size).toBe(references.length);
  });

  it('take the year in German time', () => {
    expect(generateReference('HU', new Date('2025-12-31T23:30:00.000Z'))).toMatch(/^HU-2026-/);
    expect(generateReference('HU', new Date('2025-12-31T22:30:00.000Z'))).toMatch(/^HU-2025-/);
  });

  it('catch every single mistyped character', () => {
    for (const reference of references.slice(0, 60)) {
      for (let position = 0; position < reference.length; position += 1) {
        if (reference[position] === '-') continue;
        for (const symbol of SYMBOLS) {
          const typo = reference.slice(0, position) + symbol + reference.slice(position + 1);
          // I, L and O in the random part are read as 1 and 0: the same reference, not a typo.
          if (normaliseReference(typo) === reference) continue;
          expect(isValidReference(typo), `${reference} → ${typo}`).toBe(false);
        }
      }
    }
  });

  it('catch every swap of two neighbouring characters', () => {
    for (const reference of references) {
      const compact = reference.replace(/-/g, '');
      for (let position = 0; position + 1 < compact.length; position += 1) {
        const a = compact[position] ?? '';
        const b = compact[position + 1] ?? '';
        if (a === b) continue;
        const swapped = compact.slice(0, position) + b + a + compact.slice(position + 2);
        const typo = `${swapped.slice(0, 2)}-${swapped.slice(2, 6)}-${swapped.slice(6, 12)}-${swapped.slice(12)}`;
        expect(isValidReference(typo), `${reference} → ${typo}`).toBe(false);
      }
    }
  });

  it('accept what a citizen types: lower case, spaces, O for 0 and I or L for 1', () => {
    const reference = generateReference('HU', AT, (max) => max - 31); // random part 111111
    expect(reference).toMatch(/^HU-2026-111111-/);
    const typed = ` hu-2026-iLl111-${reference.slice(-1).toLowerCase()} `;
    expect(normaliseReference(typed)).toBe(reference);
    const zeros = generateReference('HU', AT, () => 0);
    expect(normaliseReference(zeros.replace('000000', 'OOOOOO'))).toBe(zeros);
  });

  it('reject what is not a reference', () => {
    for (const text of [
      '',
      'HU-2026-7K3Q9M',
      'HU-26-7K3Q9M-4',
      'HU-2026-7K3Q9-4',
      '2026-7K3Q9M-4',
      'HU-2026-7K3Q9M-44',
    ]) {
      expect(isValidReference(text), text).toBe(false);
    }
    expect(() => generateReference('hu', AT)).toThrow(/prefix/);
  });
});

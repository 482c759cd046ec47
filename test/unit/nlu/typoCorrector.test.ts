import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TypoCorrector } from '../../../src/nlu/TypoCorrector.js';

/** Real German words: those of Munich's service catalogue (../shared/data, read-only). */
const vocabulary = [
  ...new Set(
    readFileSync(new URL('../../../../shared/data/munich-dldb/services_de.json', import.meta.url), 'utf8')
      .toLowerCase()
      .match(/[a-zäöüß]{4,}/g),
  ),
].slice(0, 1500);

const allowed = (word: string) => (word.length >= 9 ? 2 : word.length >= 4 ? 1 : 0);

/** Optimal string alignment distance, written out plainly: the oracle the corrector is checked against. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** Misspellings of vocabulary words: one or two deletions, insertions, substitutions or transpositions. */
function misspellings(count: number): string[] {
  let seed = 20261124;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyzäöüß';
  return Array.from({ length: count }, () => {
    let word = vocabulary[random(vocabulary.length)] as string;
    for (let edits = 1 + random(2); edits > 0; edits--) {
      const at = random(word.length);
      const letter = letters[random(letters.length)] as string;
      const edit = random(4);
      if (edit === 0) word = word.slice(0, at) + word.slice(at + 1);
      else if (edit === 1) word = word.slice(0, at) + letter + word.slice(at);
      else if (edit === 2) word = word.slice(0, at) + letter + word.slice(at + 1);
      else if (at + 1 < word.length) word = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    }
    return word;
  });
}

describe('TypoCorrector', () => {
  const corrector = new TypoCorrector(vocabulary);

  it('leaves every known word as it is', () => {
    for (const word of vocabulary) expect(corrector.correct(word)).toBe(word);
  });

  it('finds the nearest known word within the allowed distance, and none where there is none (checked by a full scan)', () => {
    let corrected = 0;
    for (const query of misspellings(600)) {
      const limit = allowed(query);
      // A word longer or shorter by more than the limit is farther than it anyway.
      const distances = vocabulary.map((word) =>
        Math.abs(word.length - query.length) > limit ? Number.POSITIVE_INFINITY : osa(query, word),
      );
      const nearest = Math.min(...distances);
      const result = corrector.correct(query);
      if (nearest > limit) {
        expect(result, query).toBeUndefined();
        continue;
      }
      corrected++;
      expect(result, query).toBeDefined();
      expect(osa(query, result as string), query).toBe(nearest);
      // Ties go to a word that shares the query's first letter, whenever there is one.
      const tiedWithFirstLetter = vocabulary.some((word, i) => distances[i] === nearest && word[0] === query[0]);
      if (tiedWithFirstLetter) expect(result?.[0], query).toBe(query[0]);
    }
    expect(corrected).toBeGreaterThan(300);
  });

  it('gives the same corrections when built in slices beside the event loop', async () => {
    let yields = 0;
    const sliced = await TypoCorrector.build(
      vocabulary,
      () => {
        yields++;
        return new Promise((resolve) => setImmediate(resolve));
      },
      0,
    );
    expect(yields).toBeGreaterThan(0);
    for (const query of misspellings(300)) expect(sliced.correct(query), query).toBe(corrector.correct(query));
  });

  it('corrects with an empty vocabulary to nothing', () => {
    expect(new TypoCorrector([]).correct('bewohnerparkausweis')).toBeUndefined();
  });
});

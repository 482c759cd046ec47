import { inSlices } from './inSlices.js';

/**
 * Corrects a misspelt word to the nearest known word (Damerau–Levenshtein distance 1, or 2 for long words), using a
 * symmetric-deletion index so that a lookup costs a few hash probes instead of a scan of the vocabulary.
 *
 * The index holds every word's deletion variants (hundreds of thousands for a city's catalogue) by a 32-bit hash, in
 * typed arrays: as strings and arrays in a `Map` they were about 40 % of the server's heap objects, which every full
 * garbage collection marks again while the server answers (docs/benchmarks.md). Two variants with one hash only add a
 * candidate, which the distance check then weighs like any other; candidates come in the order they were indexed.
 */
export class TypoCorrector {
  private readonly words: string[] = [];
  /** Per hash bucket, its first and its last entry (-1: none); an entry's successor in the bucket in `next`. */
  private heads = new Int32Array(0);
  private tails = new Int32Array(0);
  private entryHash = new Uint32Array(0);
  private entryWord = new Int32Array(0);
  private next = new Int32Array(0);
  private entries = 0;

  constructor(words: readonly string[]) {
    this.allocate(words);
    for (const word of words) this.index(word);
  }

  /**
   * The same corrector, built in slices of about `sliceMs` with the event loop running in between: indexing a large
   * vocabulary takes hundreds of milliseconds, which a server swapping in a new model must not spend in one block.
   */
  static async build(words: readonly string[], yieldToEventLoop: () => Promise<void>, sliceMs = 10) {
    const corrector = new TypoCorrector([]);
    corrector.allocate(words);
    await inSlices(words, (word) => corrector.index(word), yieldToEventLoop, sliceMs);
    return corrector;
  }

  /** Room for every variant of `words`, and a bucket for each. */
  private allocate(words: readonly string[]): void {
    const capacity = variantBound(words);
    const buckets = 2 ** Math.ceil(Math.log2(Math.max(2, capacity)));
    this.heads = new Int32Array(buckets).fill(-1);
    this.tails = new Int32Array(buckets).fill(-1);
    this.entryHash = new Uint32Array(capacity);
    this.entryWord = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  private index(word: string): void {
    const id = this.words.push(word) - 1;
    for (const variant of deletions(word, maxDistance(word.length))) {
      const variantHash = hash(variant);
      const entry = this.entries++;
      if (entry >= this.next.length) throw new Error(`TypoCorrector: more variants than counted, at "${word}"`);
      this.entryHash[entry] = variantHash;
      this.entryWord[entry] = id;
      this.next[entry] = -1;
      const bucket = variantHash & (this.heads.length - 1);
      const tail = this.tails[bucket] as number;
      if (tail === -1) this.heads[bucket] = entry;
      else this.next[tail] = entry;
      this.tails[bucket] = entry;
    }
  }

  /** Corrections already looked up; unknown words repeat across messages. Cleared when full. */
  private readonly cache = new Map<string, string | undefined>();

  /** The closest known word within the allowed distance, or undefined. Ties go to the word sharing the first letter. */
  correct(word: string): string | undefined {
    if (this.cache.has(word)) return this.cache.get(word);
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    const corrected = this.lookUp(word);
    this.cache.set(word, corrected);
    return corrected;
  }

  private lookUp(word: string): string | undefined {
    const limit = maxDistance(word.length);
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const variant of deletions(word, limit)) {
      const variantHash = hash(variant);
      for (
        let entry = this.heads[variantHash & (this.heads.length - 1)] as number;
        entry !== -1;
        entry = this.next[entry] as number
      ) {
        if (this.entryHash[entry] !== variantHash) continue;
        const candidate = this.words[this.entryWord[entry] as number] as string;
        if (candidate === best) continue;
        const distance = damerauLevenshtein(word, candidate, bestDistance);
        const better =
          distance < bestDistance ||
          (distance === bestDistance && best !== undefined && candidate[0] === word[0] && best[0] !== word[0]);
        if (better && distance <= limit) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    return best;
  }
}

const CACHE_SIZE = 10_000;

function maxDistance(length: number): number {
  return length >= 9 ? 2 : length >= 4 ? 1 : 0;
}

/** At most how many variants `words` have: each word, its single deletions and, for long words, its double ones. */
function variantBound(words: readonly string[]): number {
  let bound = 0;
  for (const { length } of words) bound += 1 + length + (maxDistance(length) === 2 ? (length * (length - 1)) / 2 : 0);
  return bound;
}

/** FNV-1a over the UTF-16 code units: a 32-bit hash, the same in every process. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193);
  return value >>> 0;
}

/** The word and all strings made from it by deleting up to `distance` characters. */
function deletions(word: string, distance: number): Set<string> {
  const result = new Set([word]);
  let frontier = [word];
  for (let d = 0; d < distance; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const variant = w.slice(0, i) + w.slice(i + 1);
        if (!result.has(variant)) {
          result.add(variant);
          next.push(variant);
        }
      }
    }
    frontier = next;
  }
  return result;
}

/** Optimal string alignment distance, stopping early above `cap`. */
function damerauLevenshtein(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  const first = rows[0] as number[];
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

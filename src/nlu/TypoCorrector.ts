/**
 * Corrects a misspelt word to the nearest known word (Damerau–Levenshtein distance 1, or 2 for long words), using a
 * symmetric-deletion index so that a lookup costs a few hash probes instead of a scan of the vocabulary.
 */
export class TypoCorrector {
  private readonly deletes = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    for (const word of words) this.index(word);
  }

  /**
   * The same corrector, built in slices of about `sliceMs` with the event loop running in between: indexing a large
   * vocabulary takes hundreds of milliseconds, which a server swapping in a new model must not spend in one block.
   */
  static async build(words: readonly string[], yieldToEventLoop: () => Promise<void>, sliceMs = 10) {
    const corrector = new TypoCorrector([]);
    let sliceStart = performance.now();
    for (const word of words) {
      corrector.index(word);
      if (performance.now() - sliceStart >= sliceMs) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    return corrector;
  }

  private index(word: string): void {
    for (const variant of deletions(word, maxDistance(word.length))) {
      const list = this.deletes.get(variant);
      if (list) list.push(word);
      else this.deletes.set(variant, [word]);
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
      for (const candidate of this.deletes.get(variant) ?? []) {
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

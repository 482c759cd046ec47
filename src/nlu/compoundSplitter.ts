/**
 * Splits German compounds into known parts ("bewohnerparkausweis" → bewohner, park, ausweis), so that a question
 * using the parts ("Parkausweis für Anwohner") meets an entry named by the compound, and vice versa. The lexicon is
 * learnt from the training texts plus a list of common heads; parts may be joined by a linking element (Fugen-s etc.).
 */
export class CompoundSplitter {
  private readonly lexicon: Set<string>;
  /** Splits already computed; the same words come again and again. Cleared when full. */
  private readonly cache = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    this.lexicon = new Set();
    for (const word of words) if (word.length >= MIN_PART) this.lexicon.add(word);
    for (const head of COMMON_PARTS) this.lexicon.add(head);
  }

  /** The parts of `word`, or an empty array when it is not a compound of known parts. */
  split(word: string): string[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    const parts = this.splitUncached(word);
    this.cache.set(word, parts);
    return parts;
  }

  private splitUncached(word: string): string[] {
    if (word.length < MIN_PART * 2) return [];
    const best = this.segment(word, 0, new Map());
    if (best && best.length > 1) return best;
    return this.splitAtKnownEnd(word);
  }

  /** Whether every part of `word` is a known word: then it is understood as it is, not a typo. */
  isKnownCompound(word: string): boolean {
    if (word.length < MIN_PART * 2) return false;
    return (this.segment(word, 0, new Map())?.length ?? 0) > 1;
  }

  /**
   * A compound of which only one end is known: a known modifier and an unknown head ("kirchen|austritt") or an
   * unknown modifier and a known head ("xyz|ausweis"). Both parts must be long enough to be words of their own.
   */
  private splitAtKnownEnd(word: string): string[] {
    for (let end = word.length - MIN_HEAD; end >= MIN_MODIFIER; end--) {
      const modifier = word.slice(0, end);
      if (!this.lexicon.has(modifier)) continue;
      // Longest linking element first: "kirchen|austritt" rather than "kirche|naustritt".
      for (const link of LINKS_LONGEST_FIRST) {
        if (word.startsWith(link, end) && word.length - end - link.length >= MIN_HEAD) {
          return [modifier, word.slice(end + link.length)];
        }
      }
    }
    for (let start = MIN_MODIFIER; start <= word.length - MIN_HEAD; start++) {
      const head = word.slice(start);
      if (this.lexicon.has(head)) return [word.slice(0, start), head];
    }
    return [];
  }

  /** The known words, for serialisation. */
  words(): string[] {
    return [...this.lexicon];
  }

  /** Fewest-parts segmentation of word[start..] into lexicon words, or undefined. */
  private segment(word: string, start: number, memo: Map<number, string[] | undefined>): string[] | undefined {
    if (start === word.length) return [];
    if (memo.has(start)) return memo.get(start);
    let best: string[] | undefined;
    // Longest parts first: fewer, more meaningful parts.
    for (let end = word.length; end >= start + MIN_PART; end--) {
      const part = word.slice(start, end);
      if (!this.lexicon.has(part)) continue;
      for (const link of LINKS) {
        if (!word.startsWith(link, end)) continue;
        const rest = this.segment(word, end + link.length, memo);
        if (rest && (!best || rest.length + 1 < best.length)) best = [part, ...rest];
      }
    }
    memo.set(start, best);
    return best;
  }
}

const CACHE_SIZE = 20_000;
const MIN_PART = 3;
/** Parts found next to one known part must be longer, to avoid splitting off fragments. */
const MIN_MODIFIER = 4;
const MIN_HEAD = 5;
/** Linking elements (Fugenelemente) that may stand between parts; '' first. */
const LINKS = ['', 's', 'es', 'n', 'en', 'e', 'er'];
const LINKS_LONGEST_FIRST = [...LINKS].sort((a, b) => b.length - a.length);
/** Frequent heads and modifiers of administrative compounds, normalised. */
const COMMON_PARTS = [
  'ausweis',
  'pass',
  'schein',
  'karte',
  'urkunde',
  'zeugnis',
  'antrag',
  'anmeldung',
  'abmeldung',
  'ummeldung',
  'meldung',
  'bescheinigung',
  'erlaubnis',
  'genehmigung',
  'steuer',
  'gebuehr',
  'amt',
  'buero',
  'stelle',
  'park',
  'parken',
  'wohn',
  'wohnung',
  'haus',
  'grund',
  'grundstueck',
  'bau',
  'kind',
  'schule',
  'fahr',
  'fahrzeug',
  'zeug',
  'geburt',
  'ehe',
  'sterbe',
  'tod',
  'hund',
  'jagd',
  'fisch',
  'angel',
  'gewerbe',
  'fuehrung',
  'melde',
  'register',
  'auskunft',
  'sperre',
  'zaehler',
  'stand',
  'wasser',
  'strom',
  'gas',
  'muell',
  'sperr',
  'abfall',
  'tonne',
  'kenn',
  'zeichen',
  'zulassung',
  'personal',
  'reise',
  'kinder',
  'bewohner',
  'anwohner',
  'besucher',
  'handwerker',
  'eltern',
  'geld',
  'hilfe',
  'unterhalt',
  'lebens',
  'termin',
  'buerger',
  'online',
  'funktion',
  'nutzung',
  'sonder',
  'berechtigung',
  'aufenthalt',
  'titel',
  'pruefung',
  'verpflegung',
  'essen',
  'mittag',
  'blatt',
  'liegenschaft',
  'bewerbung',
  'platz',
];

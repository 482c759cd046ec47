/**
 * Splits German compounds into known parts ("bewohnerparkausweis" → bewohner, park, ausweis), so that a question
 * using the parts ("Parkausweis für Anwohner") meets an entry named by the compound, and vice versa. The lexicon is
 * learnt from the training texts plus a list of common heads; parts may be joined by a linking element (Fugen-s etc.).
 */
export class CompoundSplitter {
  private readonly lexicon: Set<string>;

  constructor(words: Iterable<string>) {
    this.lexicon = new Set();
    for (const word of words) if (word.length >= MIN_PART) this.lexicon.add(word);
    for (const head of COMMON_PARTS) this.lexicon.add(head);
  }

  /** The parts of `word`, or an empty array when it is not a compound of known parts. */
  split(word: string): string[] {
    if (word.length < MIN_PART * 2) return [];
    const best = this.segment(word, 0, new Map());
    return best && best.length > 1 ? best : [];
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

const MIN_PART = 3;
/** Linking elements (Fugenelemente) that may stand between parts; '' first. */
const LINKS = ['', 's', 'es', 'n', 'en', 'e', 'er'];
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

/**
 * Text normalisation shared by training and parsing. German spellings with and without umlauts meet in one form:
 * ä/ae → ae, ö/oe → oe, ü/ue → ue, ß/ss → ss; other diacritics are dropped; everything is lower case.
 */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Splits normalised text into word tokens (letters and digits); hyphenated words become separate tokens. */
export function tokenize(normalised: string): string[] {
  return normalised.match(/[a-z0-9]+/g) ?? [];
}

/**
 * The word tokens of normalised text, clause by clause: a clause ends at punctuation and dashes, and a coordinating
 * conjunction starts a new one ("wie trete ich aus | und was kostet das"). All clauses together are `tokenize`'s tokens.
 */
export function clauses(normalised: string): string[][] {
  const result: string[][] = [];
  for (const piece of normalised.split(PUNCTUATION)) {
    let clause: string[] = [];
    for (const token of tokenize(piece)) {
      if (CONJUNCTIONS.has(token) && clause.length > 0) {
        result.push(clause);
        clause = [];
      }
      clause.push(token);
    }
    if (clause.length > 0) result.push(clause);
  }
  return result;
}

const PUNCTUATION = /[.,;:!?()\u2013\u2014]|\s-\s/;
const CONJUNCTIONS = new Set(['und', 'oder', 'aber', 'sondern', 'denn', 'and', 'or', 'but']);

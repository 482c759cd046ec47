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

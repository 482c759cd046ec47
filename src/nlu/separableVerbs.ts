/**
 * German separable verbs put back together, so that a question meets the words a catalogue uses for the same act.
 * Citizens write "Wie melde ich das Gewerbe ab?", "Mein Pass läuft ab", "um es anzumelden" or "schon abgemeldet";
 * catalogues say "Gewerbeabmeldung", "Ablauf", "Anmeldung". The verb's particle stands apart (at the end of the
 * clause) or takes "zu"/"ge" in the middle, and the stem the classifier sees ("meld", "anzumeld", "abgemeldet") is
 * not the one of the noun ("abmeld", "anmeld").
 *
 * The joined word is only a guess ("Ich melde mich ab" joins "ab" and "melde", but "Wir holen ihn ab" could join "ab"
 * with any word), so a guess is kept only when its stem is the stem of a word the model was trained on: an
 * "abmelden" or "Abmeldung" somewhere in the training texts. Guesses that meet nothing are dropped, and a catalogue
 * without such words loses nothing. Text in, extra words out: the featurizer adds them beside the original words, at
 * training and at question time alike.
 */
export class SeparableVerbs {
  constructor(
    /** The stem of a normalised word (the featurizer's stemmer). */
    private readonly stem: (word: string) => string,
    /** Whether a stem is the stem of a trained word. */
    private readonly isKnownStem: (stem: string) => boolean,
    private readonly isStopword: (word: string) => boolean,
  ) {}

  /** The joined verbs of a text split into clauses of normalised words (`clauses`): "abmelde", "anmelden", "ablauf". */
  joined(clauses: readonly (readonly string[])[]): string[] {
    const words: string[] = [];
    for (const tokens of clauses) {
      for (const token of tokens) {
        const infix = INFIXED.exec(token);
        if (infix?.[1] && infix[2]) this.pushKnown(words, infix[1], infix[2]);
      }
      const particle = tokens.at(-1);
      // "Ich melde ab" at the least: a subject or question word, the verb, the particle.
      if (particle === undefined || !PARTICLES.has(particle) || tokens.length < 3) continue;
      // The finite verb stands first or second in a main clause; a first part of several words ("Mein neuer Pass
      // läuft ab") pushes it back a little.
      for (const verb of tokens.slice(0, Math.min(VERB_POSITIONS, tokens.length - 1))) {
        if (!this.isStopword(verb) && !PARTICLES.has(verb) && verb.length >= 3) this.pushKnown(words, particle, verb);
      }
    }
    return words;
  }

  /** Pushes the first form of particle + verb whose stem is known, if any. */
  private pushKnown(words: string[], particle: string, verb: string): void {
    const forms = verbForms(verb);
    const noun = NOUNS.get(this.stem(verb));
    for (const form of noun ? [...forms, noun] : forms) {
      const word = particle + form;
      if (this.isKnownStem(this.stem(word))) {
        words.push(word);
        return;
      }
    }
  }
}

/** Separable particles of German verbs, normalised. */
const PARTICLES = new Set([
  'ab',
  'an',
  'auf',
  'aus',
  'bei',
  'ein',
  'fest',
  'frei',
  'los',
  'mit',
  'nach',
  'um',
  'vor',
  'weg',
  'zurueck',
  'zusammen',
]);

/**
 * Strong verbs whose noun changes its vowel, by the stem of a form of the verb: "trete … aus" → "Austritt", "ziehe …
 * um" → "Umzug", "gebe … ab" → "Abgabe".
 */
const NOUNS = new Map([
  ['tret', 'tritt'],
  ['tritt', 'tritt'],
  ['zieh', 'zug'],
  ['zieht', 'zug'],
  ['geb', 'gabe'],
  ['gibt', 'gabe'],
  ['nehm', 'nahme'],
  ['nimmt', 'nahme'],
  ['geh', 'gang'],
  ['geht', 'gang'],
  ['schreib', 'schrift'],
  ['schreibt', 'schrift'],
  ['steig', 'stieg'],
  ['steigt', 'stieg'],
]);

/** How many words from a clause's start the finite verb is looked for. */
const VERB_POSITIONS = 4;

/** "anzumelden", "abgemeldet", "umgezogen": particle, "zu" or "ge", the verb. */
const INFIXED = new RegExp(`^(${[...PARTICLES].join('|')})(?:zu|ge)([a-z]{3,})$`);

/**
 * The verb as written, then without the endings the stemmer leaves on conjugated forms ("meldet" → "meld", "läuft"
 * → "lauf"): the infinitive's and the noun's stem is what the training texts have.
 */
function verbForms(verb: string): string[] {
  const forms = [verb];
  for (const ending of ['et', 'st', 't']) {
    if (verb.endsWith(ending) && verb.length - ending.length >= 3) forms.push(verb.slice(0, -ending.length));
  }
  // Umlauts of the present tense ("laeuft", "faehrt", "traegt") written without them: "lauft" → "lauf".
  for (const form of [...forms]) {
    const plain = form.replace(/([aou])e/, '$1');
    if (plain !== form) forms.push(plain);
  }
  return forms;
}

import { StemmerDe } from '@nlpjs/lang-de';
import { StemmerEn } from '@nlpjs/lang-en';
import type { Language } from '../catalogue/schema.js';
import { CompoundSplitter } from './compoundSplitter.js';
import { inSlices } from './inSlices.js';
import { clauses, normaliseText, tokenize } from './normaliseText.js';
import { SeparableVerbs } from './separableVerbs.js';
import { STOPWORDS } from './stopwords.js';
import { synonymIndex } from './synonyms.js';
import { TypoCorrector } from './TypoCorrector.js';

/** Features of one text: stem → weight. */
export type Features = Record<string, number>;

/** What a featurizer learnt from its training texts; stored with the model. */
export interface FeaturizerState {
  lang: Language;
  /** Words (normalised, unstemmed) seen in training; lexicon for compounds and typo correction. */
  vocabulary: string[];
}

/**
 * Turns text into the features the classifier sees: normalised tokens, stemmed with NLP.js's stemmers, German
 * compounds split into their parts as extra features, separable verbs joined again as extra words ("melde … ab" →
 * "abmelde"), unknown words corrected against the training vocabulary.
 */
export class TextFeaturizer {
  readonly lang: Language;
  private readonly stem: (word: string) => string;
  private readonly isStopword: (word: string) => boolean;
  private readonly vocabulary: Set<string>;
  private readonly splitter: CompoundSplitter;
  private readonly typos: TypoCorrector;
  private readonly synonyms: Map<string, string>;
  private readonly verbs: SeparableVerbs | undefined;

  /** The indexes are built from the vocabulary when not given (see `TextFeaturizer.load`). */
  constructor(state: FeaturizerState, indexes: { typos?: TypoCorrector; knownStems?: ReadonlySet<string> } = {}) {
    this.lang = state.lang;
    const stemmer = state.lang === 'de' ? new StemmerDe() : new StemmerEn();
    const stopwords = STOPWORDS[state.lang];
    this.stem = (word) => stemmer.stemWord(word);
    this.isStopword = (word) => stopwords.has(word);
    // Synonyms meet on stems, so that inflected forms ("Welpen", "Knöllchens") find their group.
    const synonyms = synonymIndex(state.lang);
    this.synonyms = new Map([...synonyms].map(([word, canonical]) => [this.stem(word), this.stem(canonical)]));
    this.vocabulary = new Set([...state.vocabulary, ...synonyms.keys()]);
    this.splitter = new CompoundSplitter(state.lang === 'de' ? state.vocabulary : []);
    this.typos = indexes.typos ?? new TypoCorrector(typoLexicon(state.vocabulary));
    if (state.lang === 'de') {
      const known = indexes.knownStems ?? new Set(state.vocabulary.flatMap((word) => this.stemsOf(word)));
      this.verbs = new SeparableVerbs(this.stem, (stem) => known.has(stem), this.isStopword);
    }
  }

  /**
   * A stored featurizer, its indexes (typos, known stems) built in slices with the event loop running in between: a
   * server swapping in a new model must not spend their hundreds of milliseconds in one block.
   */
  static async load(state: FeaturizerState, yieldToEventLoop: () => Promise<void>): Promise<TextFeaturizer> {
    const typos = await TypoCorrector.build(typoLexicon(state.vocabulary), yieldToEventLoop);
    if (state.lang !== 'de') return new TextFeaturizer(state, { typos });
    // Filled once the featurizer's stemmer and splitter exist; it is not used before it is returned.
    const knownStems = new Set<string>();
    const featurizer = new TextFeaturizer(state, { typos, knownStems });
    const addStems = (word: string) => {
      for (const stem of featurizer.stemsOf(word)) knownStems.add(stem);
    };
    await inSlices(state.vocabulary, addStems, yieldToEventLoop);
    return featurizer;
  }

  /**
   * Builds the featurizer for a set of training texts. `correctTypos: false` leaves out the typo index (a tenth to a
   * fifth of a second on an imported catalogue's titles) where only training texts are featurized, which are never
   * corrected.
   */
  static fromTexts(lang: Language, texts: Iterable<string>, options: { correctTypos?: boolean } = {}): TextFeaturizer {
    const vocabulary = new Set<string>();
    for (const text of texts) for (const token of tokenize(normaliseText(text))) vocabulary.add(token);
    const typos = options.correctTypos === false ? new TypoCorrector([]) : undefined;
    return new TextFeaturizer({ lang, vocabulary: [...vocabulary].sort() }, { typos });
  }

  state(): FeaturizerState {
    return { lang: this.lang, vocabulary: [...this.vocabulary] };
  }

  /** Features of a training text (no typo correction: training texts define the vocabulary). */
  trainingFeatures(text: string): Features {
    return this.features(this.words(text, false));
  }

  /**
   * The training text's features, plus, when it holds a compound, a variant with the compound replaced by its parts:
   * otherwise the whole word takes all the weight and "Austritt aus der Kirche" never meets "Kirchenaustritt".
   */
  trainingVariants(text: string): Features[] {
    const tokens = this.words(text, false);
    const full = this.features(tokens);
    if (this.lang !== 'de') return [full];
    const split = tokens.flatMap((token) => {
      const parts = this.splitter.split(token);
      return parts.length > 0 ? parts : [token];
    });
    return split.length === tokens.length ? [full] : [full, this.features(split)];
  }

  /** Features of a citizen's text, with unknown words corrected against the vocabulary. */
  queryFeatures(text: string): Features {
    return this.analyse(text).features;
  }

  /**
   * A citizen's text analysed once: its features, and the features of each content word (function words and bare
   * numbers left out) so that the classifier can tell how much of the message it knows, and its terms for retrieval.
   */
  analyse(text: string): { features: Features; contentWords: Features[]; terms: () => string[] } {
    const corrections = { count: 0 };
    const tokens = this.words(text, true, corrections);
    const contentWords = tokens.filter((token) => this.isContentWord(token)).map((token) => this.features([token]));
    // For retrieval, the words as written too: typos are corrected against the training vocabulary, which lacks most
    // of the words only a description has ("Garten" became "Karten"). Nothing corrected, they are the same words.
    const terms = () =>
      corrections.count === 0
        ? this.termsOf(tokens)
        : [...this.termsOf(tokens), ...this.termsOf(this.words(text, false))];
    return { features: this.features(tokens), contentWords, terms };
  }

  /**
   * The content terms of a text for retrieval (`ServiceRetrieval`), repeated as often as they occur: the stems of its
   * words without function words and bare numbers, with their synonym groups, and of a German compound also its head
   * (its last part: "ausweis" of "Parkausweis"). Not its other parts, as the features have them: for a word in a
   * long text they are as often what it is not about as what it is ("Ansprechpartner" is not about Elterngeld's
   * "Partnermonate"). `correct` corrects a citizen's typos; a catalogue text is taken as written.
   */
  terms(text: string, correct: boolean): string[] {
    return this.termsOf(this.words(text, correct));
  }

  private termsOf(tokens: string[]): string[] {
    const terms: string[] = [];
    for (const token of tokens) {
      if (this.isContentWord(token)) this.eachStem(token, (stem) => terms.push(stem), 'head');
    }
    return terms;
  }

  /** Neither a function word nor a bare number. */
  private isContentWord(token: string): boolean {
    return !this.isStopword(token) && !/^\d+$/.test(token);
  }

  /** Whether a normalised word is known to the model. */
  knows(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /** The stems a word brings to the vocabulary: its own and its compound parts'. */
  private stemsOf(word: string): string[] {
    return [this.stem(word), ...this.splitter.split(word).map(this.stem)];
  }

  /**
   * The words of a text (typo-corrected for a citizen's, counting the words corrected in `corrections`), then the
   * separable verbs joined again.
   */
  private words(text: string, correct: boolean, corrections?: { count: number }): string[] {
    const normalised = normaliseText(text);
    const corrected = (token: string) => {
      const word = this.correct(token);
      if (corrections && word !== token) corrections.count++;
      return word;
    };
    if (!this.verbs) return correct ? tokenize(normalised).map(corrected) : tokenize(normalised);
    const split = correct ? clauses(normalised).map((clause) => clause.map(corrected)) : clauses(normalised);
    return [...split.flat(), ...this.verbs.joined(split)];
  }

  private correct(token: string): string {
    if (this.vocabulary.has(token) || token.length < 4 || /\d/.test(token) || this.isStopword(token)) return token;
    // A compound of known parts is understood through its parts; no correction needed.
    if (this.lang === 'de' && this.splitter.isKnownCompound(token)) return token;
    return this.typos.correct(token) ?? token;
  }

  private features(tokens: string[]): Features {
    const features: Features = {};
    for (const token of tokens) {
      const weight = this.isStopword(token) ? FUNCTION_WORD_WEIGHT[this.lang] : 1;
      if (weight === 0) continue;
      this.eachStem(token, (stem, part) => {
        const w = part ? PART_WEIGHT : weight;
        features[stem] = Math.max(features[stem] ?? 0, w);
      });
    }
    return features;
  }

  /**
   * Visits what a token stands for: its stem and its synonym group's, and in German those of its compound's parts
   * (`part` true): all of them, or only the last (`head`).
   */
  private eachStem(token: string, visit: (stem: string, part: boolean) => void, parts: 'all' | 'head' = 'all'): void {
    const add = (word: string, part: boolean) => {
      const stem = this.stem(word);
      visit(stem, part);
      const canonical = this.synonyms.get(stem);
      if (canonical) visit(canonical, part);
    };
    add(token, false);
    if (this.lang !== 'de') return;
    const split = this.splitter.split(token);
    for (const part of parts === 'all' ? split : split.slice(-1)) add(part, true);
  }
}

/**
 * The weight of a function word's feature; 0 drops it.
 * - English: kept as German ones since 2026-11-24. Dropped, conversational intents made of function words ("What can
 *   you do?", "Are you a bot?") had nothing left to be told by: English cross-validation 69.8 → 72.8 % with them
 *   (docs/architecture.md, "Function words").
 * - German: kept, so that a message of function words and one loose content word reads as out of scope, and
 *   conversational intents made of function words ("Wer bist du?") are understood at all, but at three quarters of a
 *   content word. At full weight the `None` class learnt that whole sentences are out of scope ("Ich habe meinen
 *   Schlüsselbund im Bus verloren, wo kann ich nachfragen?"), because catalogue titles and templates have few function
 *   words (docs/architecture.md, "Function words", for the figures). At 0.65 and below, "Wer bist du?" fell to `None`.
 */
const FUNCTION_WORD_WEIGHT: Record<Language, number> = { de: 0.75, en: 0.75 };

/** Compound parts weigh a little less than whole words, so that an exact compound still wins. */
const PART_WEIGHT = 0.8;

/** Words typos are corrected to: shorter ones are too easily reached from other words. */
function typoLexicon(vocabulary: readonly string[]): string[] {
  return vocabulary.filter((word) => word.length >= 4);
}

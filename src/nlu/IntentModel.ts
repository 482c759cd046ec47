import { z } from 'zod';
import type { Language } from '../catalogue/schema.js';
import { IntentClassifier } from './IntentClassifier.js';
import { EntityDefinitions, type NamedEntityMatch, NamedEntityRecogniser } from './namedEntities.js';
import { utteranceIndex, utteranceKey } from './trainedUtterances.js';
import type { TrainingSet } from './trainingSet.js';

/** Bump when features or training change, so that stored models are retrained. */
export const ENGINE_VERSION = 14;

const SerializedModel = z.object({
  engine: z.literal(ENGINE_VERSION),
  fingerprint: z.string(),
  trainedAt: z.string(),
  answers: z.record(z.enum(['de', 'en']), z.record(z.string(), z.array(z.string()))),
  classifiers: z.record(z.enum(['de', 'en']), z.unknown()),
  /** Named entities per language; missing in models from before they existed (which then have none). */
  entities: z.partialRecord(z.enum(['de', 'en']), EntityDefinitions).optional(),
  /** Per language, each training utterance (as `utteranceKey`) of exactly one intent → that intent. */
  utterances: z.record(z.enum(['de', 'en']), z.record(z.string(), z.string())),
});

type Entities = Record<Language, EntityDefinitions>;

/**
 * The trained understanding model: a classifier per language, the answers of conversational intents and the named
 * entities of the corpora it was trained from.
 */
export class IntentModel {
  private readonly recognisers: Partial<Record<Language, NamedEntityRecogniser>> = {};

  private constructor(
    readonly fingerprint: string,
    readonly trainedAt: string,
    private readonly classifiers: Record<Language, IntentClassifier>,
    private readonly answers: Record<Language, Record<string, string[]>>,
    private readonly entities: Entities,
    private readonly utterances: Record<Language, Map<string, string>>,
  ) {}

  static train(set: TrainingSet, fingerprint: string): IntentModel {
    return new IntentModel(
      fingerprint,
      new Date().toISOString(),
      { de: IntentClassifier.train('de', set.examples.de), en: IntentClassifier.train('en', set.examples.en) },
      set.answers,
      set.entities ?? { de: {}, en: {} },
      { de: utteranceIndex(set.examples.de), en: utteranceIndex(set.examples.en) },
    );
  }

  static fromJSON(json: string): IntentModel {
    const parsed = SerializedModel.parse(JSON.parse(json));
    const classifier = (lang: Language) => IntentClassifier.fromJSON(parsed.classifiers[lang]);
    return new IntentModel(
      parsed.fingerprint,
      parsed.trainedAt,
      { de: classifier('de'), en: classifier('en') },
      { de: parsed.answers.de ?? {}, en: parsed.answers.en ?? {} },
      entitiesOf(parsed),
      utterancesOf(parsed),
    );
  }

  /**
   * As `fromJSON`, in slices with the event loop running in between (`yieldToEventLoop`), for a server that swaps in
   * a new model while it answers citizens.
   */
  static async load(json: string, yieldToEventLoop: () => Promise<void>): Promise<IntentModel> {
    const parsed = SerializedModel.parse(JSON.parse(json));
    await yieldToEventLoop();
    const de = await IntentClassifier.load(parsed.classifiers.de, yieldToEventLoop);
    const en = await IntentClassifier.load(parsed.classifiers.en, yieldToEventLoop);
    return new IntentModel(
      parsed.fingerprint,
      parsed.trainedAt,
      { de, en },
      { de: parsed.answers.de ?? {}, en: parsed.answers.en ?? {} },
      entitiesOf(parsed),
      utterancesOf(parsed),
    );
  }

  toJSON(): string {
    return JSON.stringify({
      engine: ENGINE_VERSION,
      fingerprint: this.fingerprint,
      trainedAt: this.trainedAt,
      answers: this.answers,
      entities: this.entities,
      utterances: { de: Object.fromEntries(this.utterances.de), en: Object.fromEntries(this.utterances.en) },
      classifiers: { de: this.classifiers.de.toJSON(), en: this.classifiers.en.toJSON() },
    } satisfies z.input<typeof SerializedModel>);
  }

  classifier(lang: Language): IntentClassifier {
    return this.classifiers[lang];
  }

  /** The named entities the model knows in a language (name → definition). */
  entityDefinitions(lang: Language): EntityDefinitions {
    return this.entities[lang];
  }

  /** The named entities (`@name` in the corpora) in a text of a language; see `NamedEntityRecogniser`. */
  recogniseNamedEntities(text: string, lang: Language): NamedEntityMatch[] {
    this.recognisers[lang] ??= new NamedEntityRecogniser(this.entities[lang]);
    return this.recognisers[lang].recognise(text);
  }

  /**
   * The intent of a training utterance written as `text` (case, punctuation and umlaut spelling aside), if exactly
   * one intent has it: what an editor trained is understood as trained, whatever the classifier's other evidence
   * ("Guten Morgen" is a greeting although "morgen" is mostly out-of-scope talk of calendars and weather).
   */
  trainedIntent(lang: Language, text: string): string | undefined {
    return this.utterances[lang].get(utteranceKey(text));
  }

  /** Answers of a conversational intent in a language, falling back to German. */
  answersFor(intent: string, lang: Language): string[] {
    return this.answers[lang][intent] ?? this.answers.de[intent] ?? [];
  }
}

function utterancesOf(parsed: z.output<typeof SerializedModel>): Record<Language, Map<string, string>> {
  return {
    de: new Map(Object.entries(parsed.utterances.de ?? {})),
    en: new Map(Object.entries(parsed.utterances.en ?? {})),
  };
}

function entitiesOf(parsed: z.output<typeof SerializedModel>): Entities {
  return { de: parsed.entities?.de ?? {}, en: parsed.entities?.en ?? {} };
}

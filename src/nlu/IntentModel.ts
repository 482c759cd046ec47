import { z } from 'zod';
import type { Language } from '../catalogue/schema.js';
import { IntentClassifier } from './IntentClassifier.js';
import type { TrainingSet } from './trainingSet.js';

/** Bump when features or training change, so that stored models are retrained. */
export const ENGINE_VERSION = 9;

const SerializedModel = z.object({
  engine: z.literal(ENGINE_VERSION),
  fingerprint: z.string(),
  trainedAt: z.string(),
  answers: z.record(z.enum(['de', 'en']), z.record(z.string(), z.array(z.string()))),
  classifiers: z.record(z.enum(['de', 'en']), z.unknown()),
});

/** The trained understanding model: a classifier per language and the answers of conversational intents. */
export class IntentModel {
  private constructor(
    readonly fingerprint: string,
    readonly trainedAt: string,
    private readonly classifiers: Record<Language, IntentClassifier>,
    private readonly answers: Record<Language, Record<string, string[]>>,
  ) {}

  static train(set: TrainingSet, fingerprint: string): IntentModel {
    return new IntentModel(
      fingerprint,
      new Date().toISOString(),
      { de: IntentClassifier.train('de', set.examples.de), en: IntentClassifier.train('en', set.examples.en) },
      set.answers,
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
    );
  }

  toJSON(): string {
    return JSON.stringify({
      engine: ENGINE_VERSION,
      fingerprint: this.fingerprint,
      trainedAt: this.trainedAt,
      answers: this.answers,
      classifiers: { de: this.classifiers.de.toJSON(), en: this.classifiers.en.toJSON() },
    } satisfies z.input<typeof SerializedModel>);
  }

  classifier(lang: Language): IntentClassifier {
    return this.classifiers[lang];
  }

  /** Answers of a conversational intent in a language, falling back to German. */
  answersFor(intent: string, lang: Language): string[] {
    return this.answers[lang][intent] ?? this.answers.de[intent] ?? [];
  }
}

import { NeuralNetwork } from '@nlpjs/neural';
import { z } from 'zod';
import type { Language } from '../catalogue/schema.js';
import { type Features, type FeaturizerState, TextFeaturizer } from './TextFeaturizer.js';
import type { TrainingExample } from './trainingSet.js';

export interface Classification {
  intent: string;
  score: number;
}

export interface ClassifierResult {
  /** The best intents with a score above zero (at most ten), best first. */
  classifications: Classification[];
  /** How many of the text's features the model knows; 0 means the text has nothing in common with the training. */
  knownFeatures: number;
  /** Share of the text's content words (not function words) of which the model knows anything; 1 when it has none. */
  contentCoverage: number;
  /**
   * The best intents for the content words alone, function words left out: a second opinion on a whole sentence
   * whose function words read as `None`. Worked out when asked for.
   */
  contentClassifications(): Classification[];
  /** The text's content terms for retrieval (`TextFeaturizer.terms`): of its corrected words and as written. */
  terms(): string[];
}

const SerializedClassifier = z.object({
  featurizer: z.object({ lang: z.enum(['de', 'en']), vocabulary: z.array(z.string()) }),
  features: z.array(z.string()),
  network: z.unknown(),
});
export type SerializedClassifier = z.infer<typeof SerializedClassifier>;

/**
 * One language's intent classifier: GovBot's featurizer in front of NLP.js's neural network (one perceptron per
 * intent, as in NLP.js's NluNeural). Scores are the perceptrons' outputs, about 1 for a perfect match.
 */
export class IntentClassifier {
  private constructor(
    private readonly featurizer: TextFeaturizer,
    private readonly network: NeuralNetwork,
    private readonly knownFeatureSet: Set<string>,
  ) {}

  static train(lang: Language, examples: TrainingExample[]): IntentClassifier {
    const featurizer = TextFeaturizer.fromTexts(
      lang,
      examples.map((e) => e.utterance),
    );
    const corpus = examples.flatMap((example) =>
      featurizer.trainingVariants(example.utterance).map((input) => ({ input, output: { [example.intent]: 1 } })),
    );
    const network = new NeuralNetwork(NETWORK_SETTINGS);
    network.train(corpus.filter((item) => Object.keys(item.input).length > 0));
    const known = new Set(corpus.flatMap((item) => Object.keys(item.input)));
    return new IntentClassifier(featurizer, network, known);
  }

  static fromJSON(json: unknown): IntentClassifier {
    const parsed = SerializedClassifier.parse(json);
    return IntentClassifier.assemble(parsed, new TextFeaturizer(parsed.featurizer satisfies FeaturizerState));
  }

  /** As `fromJSON`, yielding to the event loop while it builds the featurizer's indexes (the slow part). */
  static async load(json: unknown, yieldToEventLoop: () => Promise<void>): Promise<IntentClassifier> {
    const parsed = SerializedClassifier.parse(json);
    const featurizer = await TextFeaturizer.load(parsed.featurizer satisfies FeaturizerState, yieldToEventLoop);
    await yieldToEventLoop();
    return IntentClassifier.assemble(parsed, featurizer);
  }

  private static assemble(parsed: SerializedClassifier, featurizer: TextFeaturizer): IntentClassifier {
    const network = new NeuralNetwork(NETWORK_SETTINGS);
    network.fromJSON(parsed.network);
    return new IntentClassifier(featurizer, network, new Set(parsed.features));
  }

  toJSON(): SerializedClassifier {
    return {
      featurizer: this.featurizer.state(),
      features: [...this.knownFeatureSet],
      network: this.network.toJSON(),
    };
  }

  classify(text: string): ClassifierResult {
    const { features, contentWords, terms } = this.featurizer.analyse(text);
    const known = this.known([features]);
    const { knownWords, contentCoverage } = this.coverageOf(contentWords);
    return {
      classifications: this.run(known),
      knownFeatures: Object.keys(known).length,
      contentCoverage,
      contentClassifications: () => this.run(this.known(knownWords)),
      terms,
    };
  }

  /** `contentClassifications` and `contentCoverage` of `classify` alone, without classifying the whole text. */
  classifyContent(text: string): Pick<ClassifierResult, 'contentCoverage'> & { classifications: Classification[] } {
    const { knownWords, contentCoverage } = this.coverageOf(this.featurizer.analyse(text).contentWords);
    return { contentCoverage, classifications: this.run(this.known(knownWords)) };
  }

  private coverageOf(contentWords: Features[]): { knownWords: Features[]; contentCoverage: number } {
    const knownWords = contentWords.filter((word) => Object.keys(word).some((f) => this.knownFeatureSet.has(f)));
    return { knownWords, contentCoverage: contentWords.length === 0 ? 1 : knownWords.length / contentWords.length };
  }

  /** The features of `parts` that the model knows, each with its highest weight. */
  private known(parts: Features[]): Features {
    const known: Features = {};
    for (const part of parts) {
      for (const [feature, weight] of Object.entries(part)) {
        if (this.knownFeatureSet.has(feature)) known[feature] = Math.max(known[feature] ?? 0, weight);
      }
    }
    return known;
  }

  private run(known: Features): Classification[] {
    if (Object.keys(known).length === 0) return [];
    return topClassifications(this.network.run(known) ?? {}, TOP);
  }

  /** The content terms of a text as this classifier's featurizer reads them (see `TextFeaturizer.terms`). */
  terms(text: string, correct: boolean): string[] {
    return this.featurizer.terms(text, correct);
  }

  /** Share of the text's words the model knows, after correction: a cue for language detection. */
  coverage(text: string): number {
    const features = Object.keys(this.featurizer.queryFeatures(text));
    if (features.length === 0) return 0;
    return features.filter((f) => this.knownFeatureSet.has(f)).length / features.length;
  }
}

/**
 * NLP.js stops training when the error changes by less than `deltaErrorThresh` between iterations; it averages the
 * error over all perceptrons, so with hundreds of intents that stopped after about 12 iterations, badly under-trained
 * (correct answers scored below 0.5). A fixed budget of 20 iterations, measured against 12, 30, 40, 60 and 120:
 * sharper scores, Munich (287 services) trains in about 14 s on one core.
 */
const NETWORK_SETTINGS = { iterations: 20, errorThresh: 0.00005, deltaErrorThresh: 0 };

/** How many classifications a result keeps: the decision needs the best two, the candidates three services. */
const TOP = 10;

/** The `limit` best positive outputs, best first, in one pass (a catalogue may have hundreds of intents). */
function topClassifications(outputs: Record<string, number>, limit: number): Classification[] {
  const top: Classification[] = [];
  for (const intent in outputs) {
    const score = outputs[intent] ?? 0;
    if (score <= 0 || (top.length === limit && score <= (top[limit - 1]?.score ?? 0))) continue;
    let i = Math.min(top.length, limit - 1);
    while (i > 0 && (top[i - 1]?.score ?? 0) < score) i--;
    top.splice(i, 0, { intent, score: Math.min(1, score) });
    if (top.length > limit) top.pop();
  }
  return top;
}

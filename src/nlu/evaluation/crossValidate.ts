import type { Language, Service } from '../../catalogue/schema.js';
import { IntentModel } from '../IntentModel.js';
import { NONE_INTENT, type TrainingExample, type TrainingSet } from '../trainingSet.js';
import { Understanding } from '../Understanding.js';
import type { CrossValidationReport } from './evalReport.js';
import { computeMetrics, type Outcome } from './metrics.js';
import { seededRandom } from './seededRandom.js';
import { stratifiedFolds } from './stratifiedFolds.js';

export interface CrossValidationOptions {
  folds: number;
  seed: number;
  languages: readonly Language[];
  /** Called before each fold's model is trained (1-based), e.g. to show progress. */
  onFold?: (fold: number, folds: number) => void;
}

/**
 * Stratified k-fold cross-validation: for each fold, trains a model on the other folds and lets `Understanding` decide
 * the held-out examples in their language, so the real decision rules (rejection threshold, `None`) apply. An intent
 * whose examples all sit in the held-out fold is not tested there (`untestable`). Deterministic for a seed: the NLP.js
 * network starts from fixed weights and the folds come from a seeded shuffle, independent per language.
 */
export function crossValidate(
  set: TrainingSet,
  services: Service[],
  options: CrossValidationOptions,
): CrossValidationReport {
  const { folds, seed, languages } = options;
  const plans = languages.map((lang) => {
    const examples = set.examples[lang];
    const assignment = stratifiedFolds(examples, folds, seededRandom(seed ^ LANGUAGE_SALT[lang]));
    return { lang, examples, assignment, untestable: untestableIntents(examples, assignment) };
  });
  const outcomes: Outcome[] = [];
  for (let fold = 0; fold < folds; fold++) {
    options.onFold?.(fold + 1, folds);
    const training: TrainingSet = { examples: { de: [], en: [] }, answers: set.answers };
    for (const { lang, examples, assignment } of plans) {
      training.examples[lang] = examples.filter((_, index) => assignment[index] !== fold);
    }
    const model = IntentModel.train(training, `cross-validation-seed${seed}-fold${fold + 1}of${folds}`);
    const understanding = new Understanding(model, services, { retrieval: false });
    for (const { lang, examples, assignment, untestable } of plans) {
      examples.forEach(({ intent, utterance }, index) => {
        if (assignment[index] !== fold || untestable.has(intent)) return;
        const result = understanding.parse(utterance, { lang });
        const predicted = result.outOfScope ? NONE_INTENT : result.intent;
        outcomes.push({ lang, text: utterance, label: intent, predicted, score: result.score });
      });
    }
  }
  return {
    kind: 'cross-validation',
    folds,
    seed,
    languages: [...languages],
    examples: plans.reduce((sum, plan) => sum + plan.examples.length, 0),
    untestable: plans.flatMap(({ lang, untestable }) =>
      [...untestable].map(([intent, examples]) => ({ lang, intent, examples })),
    ),
    overall: computeMetrics(outcomes),
    byLanguage: languages.map((lang) => ({ lang, metrics: computeMetrics(outcomes.filter((o) => o.lang === lang)) })),
  };
}

/** Separate shuffles per language, so that `--lang en` deals the same English folds as a run of both languages. */
const LANGUAGE_SALT: Record<Language, number> = { de: 0, en: 0x5bd1e995 };

/**
 * Intents that some fold holds entirely, with their number of examples: the model trained without that fold has never
 * seen them. With round-robin dealing, these are the intents with a single example.
 */
function untestableIntents(examples: readonly TrainingExample[], assignment: readonly number[]): Map<string, number> {
  const folds = new Map<string, Set<number>>();
  const counts = new Map<string, number>();
  examples.forEach(({ intent }, index) => {
    const set = folds.get(intent) ?? new Set<number>();
    set.add(assignment[index] ?? 0);
    folds.set(intent, set);
    counts.set(intent, (counts.get(intent) ?? 0) + 1);
  });
  const untestable = new Map<string, number>();
  for (const [intent, used] of folds) {
    if (used.size === 1) untestable.set(intent, counts.get(intent) ?? 0);
  }
  return untestable;
}

import { seededRandom, shuffled } from '../src/nlu/evaluation/seededRandom.js';
import { IntentClassifier } from '../src/nlu/IntentClassifier.js';
import type { TrainingExample } from '../src/nlu/trainingSet.js';
import type { MassiveLine } from './catalogues.js';
import { timed } from './measure.js';
import { trainPlainNlp } from './plainNlp.js';

/** Per-fold accuracy and training time of one engine. */
export interface FoldFigures {
  accuracy: number[];
  trainMs: number[];
}

export interface CrossValidationFigures {
  folds: number;
  /** Folds actually run (fewer in a smoke run). */
  foldsRun: number;
  seed: number;
  lines: number;
  intents: number;
  govbot: FoldFigures;
  nlpjs: FoldFigures;
}

export interface CrossValidationOptions {
  folds: number;
  seed: number;
  /** Run only the first this many folds. */
  foldsToRun?: number;
  log: (message: string) => void;
}

/**
 * Stratified k-fold cross-validation on the MASSIVE German sample: both engines learn the 59 intents from the other
 * folds and name the top intent of each held-out line, with no rejection (GovBot's classifier alone; NLP.js's
 * `classifications[0]` even when it scores low).
 */
export async function crossValidateMassive(
  lines: readonly MassiveLine[],
  options: CrossValidationOptions,
): Promise<CrossValidationFigures> {
  const foldOf = stratifiedFolds(lines, options.folds, options.seed);
  const foldsRun = Math.min(options.folds, options.foldsToRun ?? options.folds);
  const govbot: FoldFigures = { accuracy: [], trainMs: [] };
  const nlpjs: FoldFigures = { accuracy: [], trainMs: [] };
  for (let fold = 0; fold < foldsRun; fold++) {
    options.log(`MASSIVE: fold ${fold + 1} of ${options.folds}`);
    const train: TrainingExample[] = [];
    const test: MassiveLine[] = [];
    lines.forEach((line, index) => {
      if (foldOf[index] === fold) test.push(line);
      else train.push({ intent: line.intent, utterance: line.utt });
    });

    const classifier = await timed(() => IntentClassifier.train('de', train));
    govbot.trainMs.push(classifier.ms);
    const govbotRight = test.filter(
      (line) => classifier.result.classify(line.utt).classifications[0]?.intent === line.intent,
    ).length;
    govbot.accuracy.push(govbotRight / test.length);

    const nlp = await timed(() => trainPlainNlp({ de: train }));
    nlpjs.trainMs.push(nlp.ms);
    let nlpjsRight = 0;
    for (const line of test) {
      const result = await nlp.result.process('de', line.utt);
      if (result.classifications[0]?.intent === line.intent) nlpjsRight++;
    }
    nlpjs.accuracy.push(nlpjsRight / test.length);
  }
  const intents = new Set(lines.map((line) => line.intent)).size;
  return { folds: options.folds, foldsRun, seed: options.seed, lines: lines.length, intents, govbot, nlpjs };
}

/**
 * The fold of every line: each intent's lines are shuffled (seeded) and dealt round the folds, continuing where the
 * previous intent stopped, so that every fold holds about 1/k of every intent and the folds are of equal size.
 */
export function stratifiedFolds(lines: readonly MassiveLine[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const byIntent = new Map<string, number[]>();
  lines.forEach((line, index) => {
    byIntent.set(line.intent, [...(byIntent.get(line.intent) ?? []), index]);
  });
  const foldOf = new Array<number>(lines.length).fill(0);
  let next = 0;
  for (const intent of [...byIntent.keys()].sort()) {
    for (const index of shuffled(byIntent.get(intent) ?? [], random)) {
      foldOf[index] = next;
      next = (next + 1) % folds;
    }
  }
  return foldOf;
}

import { parentPort, workerData } from 'node:worker_threads';
import type { Language } from '../../catalogue/schema.js';
import { buildTrainingSet, type TrainingSet } from '../../nlu/trainingSet.js';
import { trainModel } from '../../nlu/trainModel.js';
import type { TrainingPhase } from '../types.js';
import { runReleaseGate } from './releaseGate.js';
import { TrainingWorkerInput, type TrainingWorkerMessage } from './workerProtocol.js';

/**
 * The training worker thread: trains the model of a draft snapshot, hands it over, runs the release gate on it and
 * reports progress on the way. The server's thread only stores what arrives, so citizens' turns never wait for it.
 */
const port = parentPort;
if (!port) throw new Error('trainingWorker runs as a worker thread (new Worker), not on its own');
const post = (message: TrainingWorkerMessage) => port.postMessage(message);

try {
  const input = TrainingWorkerInput.parse(workerData);
  const progress = progressOf(input);
  post({ type: 'progress', phase: 'training', progress: 0 });
  // Built once here: training, the trainability check and the gate's cross-validation all read it.
  const trainingSet = buildTrainingSet(input.corpora, input.catalogue.services);
  assertTrainable(trainingSet);
  const model = trainModel(input.corpora, input.catalogue.services, trainingSet);
  post({ type: 'model', fingerprint: model.fingerprint, trainedAt: model.trainedAt, data: model.toJSON() });
  const gate = await runReleaseGate({
    model,
    trainingSet,
    corpora: input.corpora,
    catalogue: input.catalogue,
    mustPass: input.mustPass,
    live: input.live,
    options: input.gate,
    onProgress: (phase, done) => post({ type: 'progress', phase, progress: progress(phase, done) }),
  });
  post({ type: 'done', gate });
} catch (error) {
  post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
}

/**
 * Maps progress within a phase to progress over the run, each phase weighted by about how long it takes (default
 * catalogue: training ≈ one fold of cross-validation, the ten conversation scripts ≈ two, must-pass next to nothing).
 */
function progressOf(input: TrainingWorkerInput): (phase: TrainingPhase, done: number) => number {
  const weights: [TrainingPhase, number][] = [
    ['training', 1],
    ['cross-validation', input.gate.folds],
    ['conversations', 'skip' in input.gate.conversations ? 0 : 2],
    ['must-pass', 0.05],
  ];
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  return (phase, done) => {
    let before = 0;
    for (const [name, weight] of weights) {
      if (name === phase) return Math.min(1, (before + weight * Math.min(1, Math.max(0, done))) / total);
      before += weight;
    }
    return 1;
  };
}

/** A classifier tells intents apart: a language with fewer than two has nothing to learn (say, a deleted corpus). */
function assertTrainable(set: TrainingSet): void {
  const names: Record<Language, string> = { de: 'German', en: 'English' };
  for (const lang of ['de', 'en'] as const) {
    const intents = new Set(set.examples[lang].map((example) => example.intent)).size;
    if (intents < 2) {
      throw new Error(
        `the draft cannot be trained: its ${names[lang]} training data has ${intents === 0 ? 'no intent' : 'one intent'}, at least two are needed`,
      );
    }
  }
}

import { z } from 'zod';
import { Catalogue, Language } from '../../catalogue/schema.js';
import { Corpus } from '../../nlu/corpus.js';
import { ConfusedPair, CrossValidationSummary, GateReport, IntentF1, TrainingPhase } from '../types.js';

/**
 * What the training service and its worker thread say to each other. Both ends parse what they receive: a worker is
 * another program as far as the type system is concerned.
 */

/** How the release gate runs; `conversations.skip` is the only way to leave the conversation tests out. */
export const GateOptions = z.object({
  /** Cross-validation folds; 5 as `govbot eval`, fewer for quick tests. */
  folds: z.number().int().min(2).default(5),
  /** Seed of the fold shuffle; fixed, so that a run and the live version's run deal their folds alike. */
  seed: z.number().int().default(1),
  conversations: z
    .union([
      z.object({ skip: z.string().min(1) }),
      z.object({
        scriptsDir: z.string().optional(),
        dialogsDir: z.string().optional(),
        recipientsFile: z.string().optional(),
        concurrency: z.number().int().min(1).optional(),
      }),
    ])
    .default({}),
});
export type GateOptions = z.infer<typeof GateOptions>;
export type GateOptionsInput = z.input<typeof GateOptions>;

/** The live version's figures from its own gate, which the draft's are compared with. */
export const LiveFigures = z.object({
  version: z.number().int(),
  crossValidation: CrossValidationSummary,
  perIntent: z.array(IntentF1),
  confusions: z.array(ConfusedPair),
});
export type LiveFigures = z.infer<typeof LiveFigures>;

export const TrainingWorkerInput = z.object({
  corpora: z.array(Corpus),
  catalogue: Catalogue,
  mustPass: z.array(z.object({ id: z.string(), text: z.string(), lang: Language, intent: z.string() })),
  live: LiveFigures.optional(),
  gate: GateOptions,
});
export type TrainingWorkerInput = z.infer<typeof TrainingWorkerInput>;

export const TrainingWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), phase: TrainingPhase, progress: z.number().min(0).max(1) }),
  /** The trained model, before the gate runs on it. */
  z.object({ type: z.literal('model'), fingerprint: z.string(), trainedAt: z.string(), data: z.string() }),
  z.object({ type: z.literal('done'), gate: GateReport }),
  z.object({ type: z.literal('failed'), error: z.string() }),
]);
export type TrainingWorkerMessage = z.infer<typeof TrainingWorkerMessage>;

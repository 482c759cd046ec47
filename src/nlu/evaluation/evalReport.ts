import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';

/** A share together with what it is a share of; `rate` is null when there was nothing to count. */
export const Rate = z.strictObject({
  count: z.number().int().min(0),
  total: z.number().int().min(0),
  rate: z.number().min(0).max(1).nullable(),
});
export type Rate = z.infer<typeof Rate>;

const Quantile = z.number().nullable();

/** Quantiles of the scores `Understanding.parse` reported; null when there were no scores. */
export const ScoreDistribution = z.strictObject({
  count: z.number().int().min(0),
  mean: Quantile,
  p5: Quantile,
  p10: Quantile,
  p25: Quantile,
  p50: Quantile,
  p75: Quantile,
  p90: Quantile,
  p95: Quantile,
});
export type ScoreDistribution = z.infer<typeof ScoreDistribution>;

/** One intent's figures; precision is null when it was never predicted, recall when it was never a label. */
export const IntentMetrics = z.strictObject({
  intent: z.string(),
  support: z.number().int().min(0),
  predicted: z.number().int().min(0),
  precision: z.number().min(0).max(1).nullable(),
  recall: z.number().min(0).max(1).nullable(),
  f1: z.number().min(0).max(1).nullable(),
});
export type IntentMetrics = z.infer<typeof IntentMetrics>;

/** A label the model mistook for another, with the first held-out utterance that shows it. */
export const Confusion = z.strictObject({
  label: z.string(),
  predicted: z.string(),
  count: z.number().int().min(1),
  example: z.string(),
  lang: Language,
});
export type Confusion = z.infer<typeof Confusion>;

/**
 * Classification figures of a set of held-out examples. `None` counts as predicted when the message was rejected.
 * Macro and micro F1 are over the in-scope intents (every label but `None`); `None` is measured by
 * `outOfScopeRejection`, and wrongly answered out-of-scope messages count against micro precision.
 */
export const Metrics = z.strictObject({
  examples: z.number().int().min(0),
  accuracy: Rate,
  macroF1: z.number().min(0).max(1).nullable(),
  microF1: z.number().min(0).max(1).nullable(),
  /** Share of `None`-labelled examples the bot rejected. */
  outOfScopeRejection: Rate,
  /** Share of in-scope examples the bot rejected. */
  falseRejection: Rate,
  /** Worst F1 first. */
  perIntent: z.array(IntentMetrics),
  /** The most frequent confusions, most frequent first. */
  confusions: z.array(Confusion),
  /**
   * What the rejection threshold is calibrated from. `outOfScope` holds every `None` example's best score, which is
   * the `None` class's own score when it won; `outOfScopeAnswered` only those the bot answered: a threshold above
   * them would have rejected them, at the cost of the correct answers below it.
   */
  scores: z.strictObject({
    correctInScope: ScoreDistribution,
    outOfScope: ScoreDistribution,
    outOfScopeAnswered: ScoreDistribution,
  }),
});
export type Metrics = z.infer<typeof Metrics>;

/** `govbot eval`: stratified k-fold cross-validation of the training set. */
export const CrossValidationReport = z.strictObject({
  kind: z.literal('cross-validation'),
  folds: z.number().int().min(2),
  seed: z.number().int(),
  languages: z.array(Language),
  /** Examples of the training set in the evaluated languages. */
  examples: z.number().int().min(0),
  /** Intents whose held-out fold holds all their examples, so that no model could learn them; not tested. */
  untestable: z.array(z.strictObject({ lang: Language, intent: z.string(), examples: z.number().int().min(0) })),
  overall: Metrics,
  byLanguage: z.array(z.strictObject({ lang: Language, metrics: Metrics })),
});
export type CrossValidationReport = z.infer<typeof CrossValidationReport>;

/** Figures of a group of labelled questions (all, or one language). */
export const QuestionFigures = z.strictObject({
  questions: z.number().int().min(0),
  inScope: z.number().int().min(0),
  outOfScope: z.number().int().min(0),
  /** In-scope questions answered with an acceptable service, plus out-of-scope ones rejected, of all questions. */
  accuracy: Rate,
  /** In-scope questions whose decided service is acceptable. */
  top1: Rate,
  /** In-scope questions with an acceptable service among the (up to three) candidates, whatever the decision. */
  top3: Rate,
  /** In-scope questions the bot rejected as out of scope. */
  falseRejection: Rate,
  /** Out-of-scope questions the bot rejected. */
  outOfScopeRejection: Rate,
});
export type QuestionFigures = z.infer<typeof QuestionFigures>;

/** A question the bot got wrong. `expected` is empty for an out-of-scope question. */
export const QuestionMiss = z.strictObject({
  line: z.number().int().min(1),
  question: z.string(),
  lang: Language.nullable(),
  detectedLang: Language,
  expected: z.array(z.string()),
  /** The decided service id, the conversational intent, or `None` when rejected. */
  got: z.string(),
  score: z.number(),
  candidates: z.array(z.strictObject({ id: z.string(), score: z.number() })),
});
export type QuestionMiss = z.infer<typeof QuestionMiss>;

/** `govbot eval --questions FILE`: a labelled question file scored against the current model. */
export const QuestionReport = z.strictObject({
  kind: z.literal('questions'),
  source: z.string(),
  overall: QuestionFigures,
  byLanguage: z.array(z.strictObject({ lang: Language, figures: QuestionFigures })),
  /** Questions whose labelled language differs from the one the bot detected. */
  languageMismatches: z.number().int().min(0),
  /** Expected ids that are not in the catalogue (a file written for another catalogue?). */
  unknownIds: z.array(z.string()),
  misses: z.array(QuestionMiss),
});
export type QuestionReport = z.infer<typeof QuestionReport>;

/** The JSON document `govbot eval --json` prints. */
export const EvalReport = z.discriminatedUnion('kind', [CrossValidationReport, QuestionReport]);
export type EvalReport = z.infer<typeof EvalReport>;

import type { Catalogue } from '../../catalogue/schema.js';
import { runConversationTests } from '../../conversationTests/runConversationTests.js';
import type { Corpus } from '../../nlu/corpus.js';
import { crossValidate } from '../../nlu/evaluation/crossValidate.js';
import type { IntentModel } from '../../nlu/IntentModel.js';
import { sharedUtterances } from '../../nlu/trainedUtterances.js';
import { NONE_INTENT, type TrainingSet } from '../../nlu/trainingSet.js';
import { Understanding } from '../../nlu/Understanding.js';
import type { ConversationTestResult, GateCheck, GateReport, MustPassResult, TrainingPhase } from '../types.js';
import { compareCrossValidation } from './compareCrossValidation.js';
import type { GateOptions, LiveFigures, TrainingWorkerInput } from './workerProtocol.js';

export interface ReleaseGateInput {
  model: IntentModel;
  /** The training set the model was trained on (`buildTrainingSet` of `corpora` and the catalogue's services). */
  trainingSet: TrainingSet;
  corpora: Corpus[];
  catalogue: Catalogue;
  mustPass: TrainingWorkerInput['mustPass'];
  live: LiveFigures | undefined;
  options: GateOptions;
  /** Progress within a phase, 0..1. */
  onProgress?: (
    phase: Extract<TrainingPhase, 'cross-validation' | 'conversations' | 'must-pass'>,
    done: number,
  ) => void;
}

/**
 * The release gate: what a trained draft must show before it may be published without an admin's override.
 *
 * - **Cross-validation** of the draft (stratified k-fold, fixed seed) must not come out worse than the live version's
 *   beyond the noise of re-dealt folds (`CV_TOLERANCE`). It measures the corpus as a whole, so it cannot tell a
 *   deliberate change from an accident; that is what the other two checks are for.
 * - Every **conversation test** must pass (a skipped scenario passes): they are the dialogs' acceptance tests, and a
 *   single failing one means a citizen would get stuck in that dialog.
 * - Every **must-pass question** must get its intent (`None`: rejected): editors save the questions they never want to
 *   see answered wrongly again, so one miss is a failure, not a percentage.
 */
export async function runReleaseGate(input: ReleaseGateInput): Promise<GateReport> {
  const { model, trainingSet, catalogue, options } = input;
  const services = catalogue.services;
  const report = crossValidate(trainingSet, services, {
    folds: options.folds,
    seed: options.seed,
    languages: ['de', 'en'],
    onFold: (fold, folds) => input.onProgress?.('cross-validation', (fold - 1) / folds),
  });
  const crossValidation = compareCrossValidation(report, input.live);

  input.onProgress?.('conversations', 0);
  const conversations = await conversationTests(input);

  input.onProgress?.('must-pass', 0);
  const understanding = new Understanding(model, services);
  const mustPass: MustPassResult[] = input.mustPass.map((question) => {
    const result = understanding.parse(question.text, { lang: question.lang });
    const got = result.outOfScope ? NONE_INTENT : result.intent;
    const { id, text, lang, intent: expected } = question;
    return { id, text, lang, expected, got, score: result.score, passed: got === expected };
  });

  const checks: GateCheck[] = [crossValidation.check, conversations.check, mustPassCheck(mustPass)];
  return {
    passed: checks.every((check) => check.passed),
    checks,
    crossValidation: crossValidation.summary,
    ...(input.live && { live: { version: input.live.version, crossValidation: input.live.crossValidation } }),
    perIntent: crossValidation.perIntent,
    confusions: crossValidation.confusions,
    conversations: conversations.results,
    mustPass,
    sharedUtterances: sharedUtterances(trainingSet),
  };
}

async function conversationTests(
  input: ReleaseGateInput,
): Promise<{ results: ConversationTestResult[]; check: GateCheck }> {
  const settings = input.options.conversations;
  if ('skip' in settings) {
    // Only ever by explicit configuration, and said so in the report: a gate must not look greener than it ran.
    return {
      results: [],
      check: { name: 'conversations', passed: true, summary: `skipped by configuration: ${settings.skip}` },
    };
  }
  const results = await runConversationTests({
    ...settings,
    model: input.model,
    catalogue: input.catalogue,
    corpora: input.corpora,
    onProgress: (done, total) => input.onProgress?.('conversations', total > 0 ? done / total : 1),
  });
  const failed = results.filter((result) => !result.passed);
  const skipped = results.filter((result) => result.passed && result.message?.startsWith('skipped')).length;
  const counts = `${results.length - failed.length} of ${results.length} scenarios passed${skipped > 0 ? ` (${skipped} skipped)` : ''}`;
  if (results.length === 0) {
    // An empty folder is a misconfiguration, not a pass: leaving the tests out takes `skip`.
    const where = settings.scriptsDir ?? 'the default folder';
    return { results, check: { name: 'conversations', passed: false, summary: `no conversation scripts in ${where}` } };
  }
  const summary =
    failed.length === 0
      ? counts
      : `${counts}; failed: ${failed
          .slice(0, 3)
          .map((result) => `${result.file} › ${result.scenario}`)
          .join(', ')}${failed.length > 3 ? ', …' : ''}`;
  return { results, check: { name: 'conversations', passed: failed.length === 0, summary } };
}

function mustPassCheck(results: MustPassResult[]): GateCheck {
  const failed = results.filter((result) => !result.passed);
  if (results.length === 0) return { name: 'must-pass', passed: true, summary: 'no must-pass questions saved' };
  const counts = `${results.length - failed.length} of ${results.length} must-pass questions passed`;
  return {
    name: 'must-pass',
    passed: failed.length === 0,
    summary:
      failed.length === 0
        ? counts
        : `${counts}; ${failed
            .slice(0, 3)
            .map((result) => `"${result.text}" got ${result.got}, not ${result.expected}`)
            .join('; ')}${failed.length > 3 ? '; …' : ''}`,
  };
}

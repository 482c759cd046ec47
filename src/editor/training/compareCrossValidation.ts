import type { CrossValidationReport } from '../../nlu/evaluation/evalReport.js';
import type { ConfusedPair, CrossValidationSummary, GateCheck, IntentF1 } from '../types.js';
import type { LiveFigures } from './workerProtocol.js';

/**
 * How much worse than the live version a draft's cross-validation may come out and still pass, in points (0.01).
 *
 * Measured with `govbot eval --seed 1..8` on the default corpus (5 folds, 4,194 examples, 653 of them `None`,
 * 2026-11-22): accuracy 71.65–72.84 % (standard deviation 0.36 points), out-of-scope rejection 95.10–96.32 % (0.40),
 * macro F1 73.69–74.98 %. A draft and the live version are cross-validated with the same seed, but any added or
 * removed utterance re-deals the folds, so two runs of almost the same content differ by about as much as two seeds:
 * up to 1.2 points of accuracy in this sample, a standard deviation of about 0.5 points for a difference. The
 * tolerances sit near three of those: 1.5 points of accuracy, and 2 points of out-of-scope rejection (its 653
 * examples move it by 0.15 points each). Tighter ones would fail drafts that only added a few utterances, by chance;
 * looser ones would pass a real regression, such as utterances moved to the wrong intent in bulk.
 */
export const CV_TOLERANCE = { accuracy: 0.015, outOfScopeRejection: 0.02 } as const;

/** The gate's view of a cross-validation: headline figures, per-intent F1 and confusions beside the live version's. */
export function compareCrossValidation(
  report: CrossValidationReport,
  live: LiveFigures | undefined,
): { summary: CrossValidationSummary; perIntent: IntentF1[]; confusions: ConfusedPair[]; check: GateCheck } {
  const { overall } = report;
  const summary: CrossValidationSummary = {
    folds: report.folds,
    seed: report.seed,
    examples: report.examples,
    accuracy: overall.accuracy.rate,
    macroF1: overall.macroF1,
    outOfScopeRejection: overall.outOfScopeRejection.rate,
    falseRejection: overall.falseRejection.rate,
  };
  const liveF1 = new Map(live?.perIntent.map((entry) => [entry.intent, entry.f1]));
  const perIntent: IntentF1[] = overall.perIntent.map(({ intent, support, f1 }) => {
    const before = liveF1.get(intent);
    return {
      intent,
      support,
      f1,
      ...(live && { liveF1: before ?? null, delta: f1 !== null && before != null ? round(f1 - before) : null }),
    };
  });
  // Intents the live version was measured on that the draft no longer has: worth seeing, though not a failure in
  // itself (retiring an intent is an editor's decision; conversation tests and must-pass questions guard the rest).
  const known = new Set(perIntent.map((entry) => entry.intent));
  for (const entry of live?.perIntent ?? []) {
    if (!known.has(entry.intent)) {
      perIntent.push({ intent: entry.intent, support: 0, f1: null, liveF1: entry.f1, delta: null });
    }
  }
  const liveCount = new Map(live?.confusions.map((pair) => [`${pair.label}\u0000${pair.predicted}`, pair.count]));
  const confusions: ConfusedPair[] = overall.confusions.map(({ label, predicted, count, example }) => {
    const before = liveCount.get(`${label}\u0000${predicted}`);
    return { label, predicted, count, example, ...(before !== undefined && { liveCount: before }) };
  });
  return { summary, perIntent, confusions, check: crossValidationCheck(summary, live) };
}

/**
 * Passes unless accuracy or out-of-scope rejection fell below the live version's by more than `CV_TOLERANCE`. Without
 * comparable live figures (no live version with a gate, or one measured with other folds or seed) it passes and says
 * why: there is nothing to be worse than.
 */
function crossValidationCheck(draft: CrossValidationSummary, live: LiveFigures | undefined): GateCheck {
  const figures = `accuracy ${percent(draft.accuracy)}, out-of-scope rejection ${percent(draft.outOfScopeRejection)}`;
  if (!live) {
    return { name: 'cross-validation', passed: true, summary: `${figures}; no live figures to compare with` };
  }
  const before = live.crossValidation;
  if (before.folds !== draft.folds || before.seed !== draft.seed) {
    return {
      name: 'cross-validation',
      passed: true,
      summary: `${figures}; version ${live.version} was measured with ${before.folds} folds and seed ${before.seed}, not comparable`,
    };
  }
  const worse = [
    drop('accuracy', draft.accuracy, before.accuracy, CV_TOLERANCE.accuracy),
    drop(
      'out-of-scope rejection',
      draft.outOfScopeRejection,
      before.outOfScopeRejection,
      CV_TOLERANCE.outOfScopeRejection,
    ),
  ].filter((message) => message !== undefined);
  const comparison = `accuracy ${percent(draft.accuracy)} (version ${live.version}: ${percent(before.accuracy)}), out-of-scope rejection ${percent(draft.outOfScopeRejection)} (${percent(before.outOfScopeRejection)})`;
  return {
    name: 'cross-validation',
    passed: worse.length === 0,
    summary: worse.length === 0 ? comparison : `${worse.join('; ')}: ${comparison}`,
  };
}

function drop(name: string, now: number | null, before: number | null, tolerance: number): string | undefined {
  if (now === null || before === null) return undefined;
  // The rates are rounded to four decimals: compare in basis points so that exactly the tolerance passes.
  const points = Math.round((before - now) * 10_000);
  if (points <= Math.round(tolerance * 10_000)) return undefined;
  return `${name} ${(points / 100).toFixed(1)} points lower than live (at most ${(tolerance * 100).toFixed(1)} allowed)`;
}

export function percent(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)} %`;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

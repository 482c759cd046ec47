import type { Language } from '../../catalogue/schema.js';
import { NONE_INTENT } from '../trainingSet.js';
import type { Confusion, IntentMetrics, Metrics, Rate, ScoreDistribution } from './evalReport.js';

/** One held-out example and what the bot decided about it. */
export interface Outcome {
  lang: Language;
  text: string;
  /** The intent the example is labelled with; `None` for out of scope. */
  label: string;
  /** The decided intent; `None` when the bot rejected the message as out of scope. */
  predicted: string;
  /** The score `Understanding.parse` reported. */
  score: number;
}

/** Accuracy, F1, rejection rates, confusions and score quantiles of a set of outcomes (see `Metrics`). */
export function computeMetrics(outcomes: readonly Outcome[], options: { confusions?: number } = {}): Metrics {
  const inScope = outcomes.filter((o) => o.label !== NONE_INTENT);
  const outOfScope = outcomes.filter((o) => o.label === NONE_INTENT);
  const correct = (o: Outcome) => o.predicted === o.label;
  const perIntent = intentMetrics(outcomes);
  const scored = perIntent.filter((m) => m.intent !== NONE_INTENT);
  const tested = scored.filter((m) => m.support > 0);
  const truePositives = inScope.filter(correct).length;
  const answered = outcomes.filter((o) => o.predicted !== NONE_INTENT).length;
  return {
    examples: outcomes.length,
    accuracy: rate(outcomes.filter(correct).length, outcomes.length),
    macroF1: tested.length > 0 ? round(tested.reduce((sum, m) => sum + (m.f1 ?? 0), 0) / tested.length) : null,
    microF1: answered + inScope.length > 0 ? round((2 * truePositives) / (answered + inScope.length)) : null,
    outOfScopeRejection: rate(outOfScope.filter((o) => o.predicted === NONE_INTENT).length, outOfScope.length),
    falseRejection: rate(inScope.filter((o) => o.predicted === NONE_INTENT).length, inScope.length),
    perIntent,
    confusions: confusions(outcomes, options.confusions ?? 10),
    scores: {
      correctInScope: distribution(inScope.filter(correct).map((o) => o.score)),
      outOfScope: distribution(outOfScope.map((o) => o.score)),
      outOfScopeAnswered: distribution(outOfScope.filter((o) => o.predicted !== NONE_INTENT).map((o) => o.score)),
    },
  };
}

/** `count` of `total`, with the share rounded to four decimals (null when `total` is 0). */
export function rate(count: number, total: number): Rate {
  return { count, total, rate: total > 0 ? round(count / total) : null };
}

/** Quantiles with linear interpolation between the nearest ranks (numpy's default), rounded to three decimals. */
export function distribution(scores: readonly number[]): ScoreDistribution {
  const sorted = [...scores].sort((a, b) => a - b);
  const at = (q: number): number | null => {
    if (sorted.length === 0) return null;
    const position = q * (sorted.length - 1);
    const lower = Math.floor(position);
    const below = sorted[lower] ?? 0;
    const above = sorted[Math.min(lower + 1, sorted.length - 1)] ?? below;
    return round(below + (above - below) * (position - lower), 3);
  };
  const mean = sorted.length > 0 ? round(sorted.reduce((a, b) => a + b, 0) / sorted.length, 3) : null;
  return {
    count: sorted.length,
    mean,
    p5: at(0.05),
    p10: at(0.1),
    p25: at(0.25),
    p50: at(0.5),
    p75: at(0.75),
    p90: at(0.9),
    p95: at(0.95),
  };
}

/** Precision, recall and F1 of every intent that was a label or a prediction, worst F1 first. */
function intentMetrics(outcomes: readonly Outcome[]): IntentMetrics[] {
  const counts = new Map<string, { support: number; predicted: number; correct: number }>();
  const entry = (intent: string) => {
    const found = counts.get(intent) ?? { support: 0, predicted: 0, correct: 0 };
    counts.set(intent, found);
    return found;
  };
  for (const o of outcomes) {
    entry(o.label).support++;
    entry(o.predicted).predicted++;
    if (o.label === o.predicted) entry(o.label).correct++;
  }
  return [...counts]
    .map(([intent, { support, predicted, correct }]) => ({
      intent,
      support,
      predicted,
      precision: predicted > 0 ? round(correct / predicted) : null,
      recall: support > 0 ? round(correct / support) : null,
      // 2·TP / (2·TP + FP + FN), which is 0 for a label never predicted right.
      f1: support + predicted > 0 ? round((2 * correct) / (support + predicted)) : null,
    }))
    .sort((a, b) => (a.f1 ?? 2) - (b.f1 ?? 2) || b.support - a.support || a.intent.localeCompare(b.intent));
}

function confusions(outcomes: readonly Outcome[], limit: number): Confusion[] {
  const pairs = new Map<string, Confusion>();
  for (const o of outcomes) {
    if (o.label === o.predicted) continue;
    const key = `${o.label}\u0000${o.predicted}`;
    const pair = pairs.get(key);
    if (pair) pair.count++;
    else pairs.set(key, { label: o.label, predicted: o.predicted, count: 1, example: o.text, lang: o.lang });
  }
  return [...pairs.values()]
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label) || a.predicted.localeCompare(b.predicted))
    .slice(0, limit);
}

function round(value: number, decimals = 4): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

import { describe, expect, it } from 'vitest';
import { computeMetrics, distribution, type Outcome } from '../../../src/nlu/evaluation/metrics.js';

const outcome = (label: string, predicted: string, score: number, text = `${label} as ${predicted}`): Outcome => ({
  lang: 'de',
  text,
  label,
  predicted,
  score,
});

// Worked by hand: A 2 of 3 right and once predicted for a None example, B once mistaken for A and once rejected.
const outcomes = [
  outcome('A', 'A', 0.9),
  outcome('A', 'A', 0.8),
  outcome('A', 'B', 0.55, 'A taken for B'),
  outcome('B', 'B', 0.7),
  outcome('B', 'None', 0.3),
  outcome('None', 'None', 0.95),
  outcome('None', 'A', 0.65),
  outcome('C', 'C', 0.6),
];

describe('computeMetrics', () => {
  const metrics = computeMetrics(outcomes);

  it('computes precision, recall and F1 per intent, worst F1 first', () => {
    expect(metrics.perIntent).toEqual([
      { intent: 'B', support: 2, predicted: 2, precision: 0.5, recall: 0.5, f1: 0.5 },
      { intent: 'None', support: 2, predicted: 2, precision: 0.5, recall: 0.5, f1: 0.5 },
      { intent: 'A', support: 3, predicted: 3, precision: 0.6667, recall: 0.6667, f1: 0.6667 },
      { intent: 'C', support: 1, predicted: 1, precision: 1, recall: 1, f1: 1 },
    ]);
  });

  it('computes accuracy, macro and micro F1 over the in-scope intents, and the rejection rates', () => {
    expect(metrics.examples).toBe(8);
    expect(metrics.accuracy).toEqual({ count: 5, total: 8, rate: 0.625 });
    expect(metrics.macroF1).toBe(0.7222); // (2/3 + 1/2 + 1) / 3
    expect(metrics.microF1).toBe(0.6667); // 2·4 true positives / (6 answered + 6 in-scope labels)
    expect(metrics.outOfScopeRejection).toEqual({ count: 1, total: 2, rate: 0.5 });
    expect(metrics.falseRejection).toEqual({ count: 1, total: 6, rate: 0.1667 });
  });

  it('lists confusions with an example, most frequent first', () => {
    const more = computeMetrics([...outcomes, outcome('B', 'None', 0.2)]);
    expect(more.confusions.map((c) => [c.label, c.predicted, c.count])).toEqual([
      ['B', 'None', 2],
      ['A', 'B', 1],
      ['None', 'A', 1],
    ]);
    expect(more.confusions[1]).toMatchObject({ example: 'A taken for B', lang: 'de' });
    expect(computeMetrics(outcomes, { confusions: 1 }).confusions).toHaveLength(1);
  });

  it('gives the score quantiles of correct in-scope answers and of out-of-scope examples', () => {
    expect(metrics.scores.correctInScope).toMatchObject({ count: 4, mean: 0.75, p25: 0.675, p50: 0.75 });
    expect(metrics.scores.outOfScope).toMatchObject({ count: 2, p50: 0.8 });
    expect(metrics.scores.outOfScopeAnswered).toMatchObject({ count: 1, p5: 0.65, p95: 0.65 });
  });

  it('reports nothing rather than zero when there is nothing to count', () => {
    const empty = computeMetrics([]);
    expect(empty.accuracy.rate).toBeNull();
    expect(empty.macroF1).toBeNull();
    expect(empty.microF1).toBeNull();
    expect(distribution([])).toMatchObject({ count: 0, mean: null, p5: null, p50: null });
  });
});

describe('distribution', () => {
  it('interpolates between the nearest ranks', () => {
    const scores = Array.from({ length: 11 }, (_, i) => i / 10).reverse();
    expect(distribution(scores)).toEqual({
      count: 11,
      mean: 0.5,
      p5: 0.05,
      p10: 0.1,
      p25: 0.25,
      p50: 0.5,
      p75: 0.75,
      p90: 0.9,
      p95: 0.95,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/nlu/evaluation/seededRandom.js';
import { stratifiedFolds } from '../../../src/nlu/evaluation/stratifiedFolds.js';
import type { TrainingExample } from '../../../src/nlu/trainingSet.js';

const examples = (intent: string, count: number): TrainingExample[] =>
  Array.from({ length: count }, (_, i) => ({ intent, utterance: `${intent} ${i}` }));

const set = [...examples('big', 12), ...examples('fits', 5), ...examples('odd', 7), ...examples('small', 3)];

function foldsOf(intent: string, assignment: number[]): number[] {
  return set.flatMap((example, index) => (example.intent === intent ? [assignment[index] ?? -1] : []));
}

describe('stratifiedFolds', () => {
  const assignment = stratifiedFolds(set, 5, seededRandom(42));

  it('puts every intent with at least as many examples as folds in every fold', () => {
    for (const intent of ['big', 'fits', 'odd']) {
      expect(new Set(foldsOf(intent, assignment))).toEqual(new Set([0, 1, 2, 3, 4]));
    }
  });

  it('puts the examples of an intent with fewer examples than folds in distinct folds', () => {
    expect(new Set(foldsOf('small', assignment)).size).toBe(3);
  });

  it('keeps the folds the same size', () => {
    const sizes = [0, 1, 2, 3, 4].map((fold) => assignment.filter((f) => f === fold).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('deals the same folds for the same seed and others for another seed', () => {
    expect(stratifiedFolds(set, 5, seededRandom(42))).toEqual(assignment);
    expect(stratifiedFolds(set, 5, seededRandom(43))).not.toEqual(assignment);
  });

  it('refuses fewer than two folds', () => {
    expect(() => stratifiedFolds(set, 1, seededRandom(1))).toThrow(/at least 2/);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed, within [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 100 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

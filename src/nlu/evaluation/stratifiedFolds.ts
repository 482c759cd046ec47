import type { TrainingExample } from '../trainingSet.js';
import { shuffled } from './seededRandom.js';

/**
 * Assigns every example to one of `folds` folds, per intent: an intent's examples are shuffled and dealt round-robin,
 * so an intent with at least `folds` examples is in every fold and one with fewer has its examples in distinct folds.
 * Each intent starts dealing where the previous one stopped, which keeps the folds the same size. Returns the fold of
 * each example, in the order of `examples`.
 */
export function stratifiedFolds(examples: readonly TrainingExample[], folds: number, random: () => number): number[] {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer of at least 2, got ${folds}`);
  const byIntent = new Map<string, number[]>();
  examples.forEach((example, index) => {
    const indices = byIntent.get(example.intent) ?? [];
    indices.push(index);
    byIntent.set(example.intent, indices);
  });
  const assignment = new Array<number>(examples.length).fill(0);
  let next = 0;
  for (const indices of byIntent.values()) {
    for (const index of shuffled(indices, random)) {
      assignment[index] = next;
      next = (next + 1) % folds;
    }
  }
  return assignment;
}

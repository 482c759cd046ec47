import type { GovBotMetrics } from './GovBotMetrics.js';

/** What the count needs of a run's end (a `TrainingOutcome`). */
interface RunEnd {
  status: 'succeeded' | 'failed';
  gate?: { passed: boolean };
}

/** The TrainingService's `onFinished`: a run that trained is `passed` or `rejected` by the release gate. */
export function countTrainingRuns(metrics: GovBotMetrics): (end: RunEnd) => void {
  return (end) => {
    const result = end.status === 'failed' ? 'failed' : end.gate?.passed ? 'passed' : 'rejected';
    metrics.trainingRuns.inc({ result });
  };
}

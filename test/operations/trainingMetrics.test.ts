import { describe, expect, it } from 'vitest';
import { TrainingService } from '../../src/editor/training/TrainingService.js';
import { countTrainingRuns } from '../../src/metrics/countTrainingRuns.js';
import { GovBotMetrics } from '../../src/metrics/GovBotMetrics.js';
import { openTemplateCopy, QUICK_GATE, staffUser } from '../editor/training/workbenchData.js';
import { parseMetrics, Scrape } from './scrapeMetrics.js';

async function trainingRuns(metrics: GovBotMetrics): Promise<Record<string, number>> {
  const scrape = new Scrape(parseMetrics(await metrics.text()));
  const of = (result: string) => scrape.value('govbot_training_runs_total', { result });
  return { passed: of('passed'), rejected: of('rejected'), failed: of('failed') };
}

describe('training runs in the metrics', () => {
  it('counts a run whose worker crashed as failed, once', async () => {
    const data = await openTemplateCopy();
    try {
      const metrics = new GovBotMetrics();
      const service = await TrainingService.create({
        storage: data.storage,
        gate: QUICK_GATE,
        // Far too little heap for the worker: it dies of it (and its exit is a second sign of the same end).
        resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 },
        onFinished: countTrainingRuns(metrics),
      });
      await service.start(staffUser('erika'));
      await service.idle();
      expect(await trainingRuns(metrics)).toEqual({ passed: 0, rejected: 0, failed: 1 });
    } finally {
      await data.close();
    }
  }, 60_000);

  it("tells a trained run by the release gate's verdict", async () => {
    const metrics = new GovBotMetrics();
    const count = countTrainingRuns(metrics);
    count({ status: 'succeeded', gate: { passed: true } });
    count({ status: 'succeeded', gate: { passed: false } });
    count({ status: 'succeeded', gate: { passed: false } });
    expect(await trainingRuns(metrics)).toEqual({ passed: 1, rejected: 2, failed: 0 });
  });
});

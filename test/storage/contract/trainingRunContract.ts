import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GateReport, NewTrainingRun } from '../../../src/editor/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

function newRun(n: number, overrides: Partial<NewTrainingRun> = {}): NewTrainingRun {
  return {
    startedAt: at(n * 60_000),
    startedBy: 'Redakteur Weber',
    corporaHash: `corpora-${n}`,
    catalogueHash: `catalogue-${n}`,
    ...overrides,
  };
}

/** A gate that failed on one must-pass question, with every optional part present. */
export const FAILED_GATE: GateReport = {
  passed: false,
  checks: [
    { name: 'cross-validation', passed: true, summary: 'accuracy 72.4 % (live 72.1 %)' },
    { name: 'conversations', passed: true, summary: '12 of 12 scenarios' },
    { name: 'must-pass', passed: false, summary: '1 of 2 questions wrong' },
  ],
  crossValidation: {
    folds: 5,
    seed: 42,
    examples: 310,
    accuracy: 0.724,
    macroF1: 0.69,
    outOfScopeRejection: null,
    falseRejection: 0.05,
  },
  live: {
    version: 3,
    crossValidation: {
      folds: 5,
      seed: 42,
      examples: 300,
      accuracy: 0.721,
      macroF1: 0.68,
      outOfScopeRejection: 0.9,
      falseRejection: 0.04,
    },
  },
  perIntent: [
    { intent: 'service.wohngeld', support: 8, f1: 0.4, liveF1: 0.5, delta: -0.1 },
    { intent: 'service.reisepass', support: 12, f1: null },
  ],
  confusions: [
    {
      label: 'service.reisepass',
      predicted: 'service.personalausweis',
      count: 3,
      example: 'Pass verloren',
      liveCount: 1,
    },
  ],
  conversations: [{ file: 'wohngeld.yaml', scenario: 'Antrag', passed: true }],
  mustPass: [
    {
      id: 'q1',
      text: 'Wo beantrage ich Wohngeld?',
      lang: 'de',
      expected: 'service.wohngeld',
      got: 'None',
      score: 0.31,
      passed: false,
    },
  ],
  sharedUtterances: [{ lang: 'de', utterance: 'Wohngeld', intents: ['service.lastenzuschuss', 'service.wohngeld'] }],
};

export function trainingRunContract(storage: () => Storage): void {
  describe('training runs', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('creates a running run in phase training with progress 0, found by id', async () => {
      const { trainingRuns } = storage();
      const created = await trainingRuns.createRun(newRun(0));
      expect(created).toEqual({
        ...newRun(0),
        id: expect.any(String),
        status: 'running',
        phase: 'training',
        progress: 0,
        finishedAt: undefined,
        fingerprint: undefined,
        gate: undefined,
        error: undefined,
      });
      expect(await trainingRuns.findRun(created.id)).toEqual(created);
      expect(await trainingRuns.findRun('unknown')).toBeUndefined();
    });

    it('updates only the fields patched, and keeps the gate report as given', async () => {
      const { trainingRuns } = storage();
      const created = await trainingRuns.createRun(newRun(0));
      const progressed = await trainingRuns.updateRun(created.id, { phase: 'cross-validation', progress: 0.4 });
      expect(progressed).toEqual({ ...created, phase: 'cross-validation', progress: 0.4 });
      const trained = await trainingRuns.updateRun(created.id, { fingerprint: 'fp-1' });
      expect(trained).toEqual({ ...created, phase: 'cross-validation', progress: 0.4, fingerprint: 'fp-1' });
      const done = await trainingRuns.updateRun(created.id, {
        status: 'succeeded',
        phase: 'done',
        progress: 1,
        finishedAt: at(90_000),
        gate: FAILED_GATE,
      });
      expect(done).toEqual({
        ...created,
        status: 'succeeded',
        phase: 'done',
        progress: 1,
        finishedAt: at(90_000),
        fingerprint: 'fp-1',
        gate: FAILED_GATE,
      });
      expect(await trainingRuns.findRun(created.id)).toEqual(done);
      expect(await trainingRuns.updateRun(created.id, {})).toEqual(done);
    });

    it('updating an unknown run changes nothing and returns undefined', async () => {
      const { trainingRuns } = storage();
      const created = await trainingRuns.createRun(newRun(0));
      expect(await trainingRuns.updateRun('unknown', { status: 'failed', error: 'x' })).toBeUndefined();
      expect(await trainingRuns.listRuns()).toEqual([created]);
    });

    it('lists runs newest first, limited', async () => {
      const { trainingRuns } = storage();
      const ids: string[] = [];
      for (const n of [0, 1, 2, 3]) ids.push((await trainingRuns.createRun(newRun(n))).id);
      const sameTime = await trainingRuns.createRun(newRun(3));
      const newestFirst = [sameTime.id, ...ids.reverse()];
      expect((await trainingRuns.listRuns()).map((run) => run.id)).toEqual(newestFirst);
      expect((await trainingRuns.listRuns(2)).map((run) => run.id)).toEqual(newestFirst.slice(0, 2));
    });

    it('fails the runs still running after a restart, leaving finished ones alone', async () => {
      const { trainingRuns } = storage();
      const succeeded = await trainingRuns.createRun(newRun(0));
      await trainingRuns.updateRun(succeeded.id, { status: 'succeeded', phase: 'done', progress: 1 });
      const failed = await trainingRuns.createRun(newRun(1));
      await trainingRuns.updateRun(failed.id, { status: 'failed', error: 'out of memory', finishedAt: at(70_000) });
      const running = await trainingRuns.createRun(newRun(2));
      await trainingRuns.updateRun(running.id, { phase: 'conversations', progress: 0.7 });
      const before = await trainingRuns.listRuns();

      expect(await trainingRuns.failRunningRuns(at(600_000), 'server restarted')).toBe(1);
      expect(await trainingRuns.findRun(running.id)).toMatchObject({
        status: 'failed',
        phase: 'conversations',
        progress: 0.7,
        finishedAt: at(600_000),
        error: 'server restarted',
      });
      expect(await trainingRuns.findRun(succeeded.id)).toEqual(before.find((run) => run.id === succeeded.id));
      expect(await trainingRuns.findRun(failed.id)).toEqual(before.find((run) => run.id === failed.id));
      expect(await trainingRuns.failRunningRuns(at(700_000), 'again')).toBe(0);
    });

    it("keeps each tenant's runs apart, and fails every tenant's runs left running", async () => {
      const current = storage();
      const shared = current.trainingRuns;
      const musterdorf = current.knowledgeOf('musterdorf').trainingRuns;
      expect(current.knowledgeOf('default').trainingRuns).toBe(shared);
      const own = await musterdorf.createRun(newRun(0, { startedBy: 'Redakteurin Musterdorf' }));
      const common = await shared.createRun(newRun(1));

      expect((await musterdorf.listRuns()).map((run) => run.id)).toEqual([own.id]);
      expect((await shared.listRuns()).map((run) => run.id)).toEqual([common.id]);
      expect(await shared.findRun(own.id)).toBeUndefined();
      expect(await current.knowledgeOf('beispielstadt').trainingRuns.updateRun(own.id, { progress: 0.5 })).toBe(
        undefined,
      );
      expect(await musterdorf.findRun(own.id)).toMatchObject({ progress: 0 });

      // One run trains at a time in the whole installation: after a restart, any tenant's run left running is orphaned.
      expect(await shared.failRunningRuns(at(600_000), 'server restarted')).toBe(2);
      expect(await musterdorf.findRun(own.id)).toMatchObject({ status: 'failed', error: 'server restarted' });
    });
  });
}

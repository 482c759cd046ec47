import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchConflict } from '../../../src/editor/ports.js';
import { TrainingService } from '../../../src/editor/training/TrainingService.js';
import type { TrainingRun } from '../../../src/editor/types.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { openTemplateCopy, QUICK_GATE, staffUser } from './workbenchData.js';

const erika = staffUser('erika');

/** Waits for the service's run to finish, checking meanwhile how often the main thread got to run its timers. */
async function watchRun(service: TrainingService, storage: Storage, runId: string) {
  const gaps: number[] = [];
  const seen: TrainingRun[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 20);
  const poller = setInterval(() => {
    void storage.trainingRuns.findRun(runId).then((run) => run && seen.push(run));
  }, 100);
  await service.idle();
  clearInterval(ticker);
  clearInterval(poller);
  return { gaps, seen, run: await service.findRun(runId) };
}

describe('TrainingService', () => {
  describe('a draft that trains and passes the gate', () => {
    let data: Awaited<ReturnType<typeof openTemplateCopy>>;
    let service: TrainingService;
    let started: TrainingRun;
    let watched: Awaited<ReturnType<typeof watchRun>>;
    let conflict: unknown;

    beforeAll(async () => {
      data = await openTemplateCopy();
      await data.storage.mustPass.addMustPass({
        text: 'Ich möchte meinen Hund anmelden',
        lang: 'de',
        intent: 'service.hund-anmelden',
        createdBy: 'erika',
      });
      await data.storage.mustPass.addMustPass({
        text: 'Erzähl mir einen Witz',
        lang: 'de',
        intent: 'None',
        createdBy: 'erika',
      });
      service = await TrainingService.create({ storage: data.storage, gate: QUICK_GATE, progressIntervalMs: 200 });
      started = await service.start(erika);
      conflict = await service.start(staffUser('max')).catch((error: unknown) => error);
      watched = await watchRun(service, data.storage, started.id);
    }, 240_000);
    afterAll(() => data.close());

    it('starts a run from a snapshot of the draft and audits who started it', async () => {
      expect(started).toMatchObject({ status: 'running', phase: 'training', progress: 0, startedBy: 'erika' });
      const corpora = await data.storage.versions.findSnapshot(started.corporaHash);
      expect(JSON.parse(corpora ?? '[]')).toEqual(await data.storage.intents.listCorpusFiles());
      const [audit] = await data.storage.audit.listAudit({ action: 'editor.training.started' });
      expect(audit).toMatchObject({ actorId: erika.id, actorName: 'erika', details: { runId: started.id } });
    });

    it('refuses a second run while one is running', () => {
      expect(conflict).toBeInstanceOf(WorkbenchConflict);
      expect(conflict).toMatchObject({ code: 'training_running' });
    });

    it('trains in a worker: the main thread keeps running its timers meanwhile', () => {
      // The run takes seconds of CPU; on the main thread one tick would have waited for all of it.
      expect(watched.gaps.length).toBeGreaterThan(50);
      expect(Math.max(...watched.gaps)).toBeLessThan(1000);
    });

    it('records the phases and rising progress on the run while it runs', () => {
      const running = watched.seen.filter((run) => run.status === 'running');
      const phases = new Set(running.map((run) => run.phase));
      expect(phases.has('cross-validation')).toBe(true);
      const progress = running.map((run) => run.progress);
      expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    });

    it('succeeds with the model stored under its fingerprint and a passed gate', async () => {
      const { run } = watched;
      expect(run).toMatchObject({ status: 'succeeded', phase: 'done', progress: 1 });
      expect(run?.finishedAt).toBeDefined();
      expect(await data.storage.models.findModel(run?.fingerprint ?? '')).toBeDefined();
      const gate = run?.gate;
      expect(gate?.passed).toBe(true);
      expect(gate?.checks.map((check) => [check.name, check.passed])).toEqual([
        ['cross-validation', true],
        ['conversations', true],
        ['must-pass', true],
      ]);
      expect(gate?.checks[0]?.summary).toMatch(/no live figures/);
      expect(gate?.crossValidation).toMatchObject({ folds: 2, seed: 1 });
      expect(gate?.crossValidation.accuracy).toBeGreaterThan(0.6);
      expect(gate?.conversations).toHaveLength(2);
      expect(Object.fromEntries(gate?.mustPass.map((result) => [result.text, result.got]) ?? [])).toEqual({
        'Ich möchte meinen Hund anmelden': 'service.hund-anmelden',
        'Erzähl mir einen Witz': 'None',
      });
      expect(gate?.perIntent.length).toBeGreaterThan(50);
    });

    it('parses with the draft model once a run succeeded', async () => {
      const parsed = await service.parseWithDraft('Ich möchte meinen Hund anmelden', 'de');
      expect(parsed?.runId).toBe(started.id);
      expect(parsed?.result).toMatchObject({ intent: 'service.hund-anmelden', outOfScope: false });
    });
  });

  describe('failures', () => {
    let data: Awaited<ReturnType<typeof openTemplateCopy>>;
    beforeAll(async () => {
      data = await openTemplateCopy();
    });
    afterAll(() => data.close());

    it('has no draft model before any run succeeded', async () => {
      const service = await TrainingService.create({ storage: data.storage, gate: QUICK_GATE });
      expect(await service.parseWithDraft('Hallo')).toBeUndefined();
    });

    it('fails a run whose draft cannot be trained, with the reason', async () => {
      const corpora = await data.storage.intents.listCorpusFiles();
      const services = await data.storage.catalogue.listServices();
      const offices = await data.storage.catalogue.listOffices();
      await data.storage.intents.saveCorpusFiles(corpora.filter((file) => !file.path.startsWith('en/')));
      await data.storage.catalogue.saveCatalogue({ services: [], offices: [] }, { replace: true });
      try {
        const service = await TrainingService.create({ storage: data.storage, gate: QUICK_GATE });
        const run = await service.start(erika);
        await service.idle();
        expect(await service.findRun(run.id)).toMatchObject({
          status: 'failed',
          error: expect.stringMatching(/cannot be trained: its English training data has no intent/),
        });
      } finally {
        await data.storage.intents.saveCorpusFiles(corpora);
        await data.storage.catalogue.saveCatalogue({ services, offices }, { replace: true });
      }
    });

    it('fails a run whose worker crashes, and lets the next one start', async () => {
      const service = await TrainingService.create({
        storage: data.storage,
        gate: QUICK_GATE,
        // Far too little heap for the worker: it dies of it.
        resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 },
      });
      const run = await service.start(erika);
      await service.idle();
      expect(await service.findRun(run.id)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/the training worker (crashed|stopped)/),
      });
      const next = await service.start(erika);
      await service.idle();
      expect(next.id).not.toBe(run.id);
    });

    it('fails the runs a stopped server left running when it is created again', async () => {
      const left = await data.storage.trainingRuns.createRun({
        startedAt: new Date().toISOString(),
        startedBy: 'erika',
        corporaHash: 'c',
        catalogueHash: 'k',
      });
      await TrainingService.create({ storage: data.storage });
      expect(await data.storage.trainingRuns.findRun(left.id)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/server stopped/),
      });
    });
  });
});

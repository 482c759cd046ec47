import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterLocks, Lease } from '../../src/cluster/Cluster.js';
import { LocalLocks, MemoryNetwork } from '../../src/cluster/SoloCluster.js';
import { loadLiveKnowledge } from '../../src/editor/publishing/loadLiveKnowledge.js';
import { TrainingService } from '../../src/editor/training/TrainingService.js';
import { LOCK_LOST_ERROR } from '../../src/editor/training/WatchedRun.js';
import type { TrainingRun } from '../../src/editor/types.js';
import { openTemplateCopy, staffUser } from './training/workbenchData.js';

/** Two folds and no conversation tests: these tests are about who may train, not about the gate. */
const QUICKEST_GATE = { folds: 2, conversations: { skip: 'not what these tests are about' } };

describe('instances starting together on a database without a version', () => {
  let data: Awaited<ReturnType<typeof openTemplateCopy>>;
  beforeAll(async () => {
    data = await openTemplateCopy();
    // A draft whose model the template does not have: the first version needs training.
    const files = await data.storage.intents.listCorpusFiles();
    await data.storage.intents.saveCorpusFiles(
      files.map(({ path, corpus }) => ({
        path,
        corpus: {
          ...corpus,
          data: corpus.data.map((entry) =>
            corpus.locale === 'de' && entry.intent === 'greeting'
              ? { ...entry, utterances: [...entry.utterances, 'Servus miteinander!'] }
              : entry,
          ),
        },
      })),
    );
  });
  afterAll(() => data.close());

  it('train and publish the first version once; the others load it', async () => {
    const network = new MemoryNetwork();
    let trainings = 0;
    const start = () =>
      loadLiveKnowledge(data.storage, {
        locks: network.join().locks,
        onTraining: () => {
          trainings += 1;
        },
      });
    const [a, b] = await Promise.all([start(), start()]);
    expect(trainings).toBe(1);
    expect(await data.storage.versions.listVersions()).toHaveLength(1);
    expect(a.version).toEqual(b.version);
    expect(a.model.fingerprint).toBe(b.model.fingerprint);
    expect([a.published, b.published].sort()).toEqual([false, true]);
  }, 120_000);
});

describe('training on several instances', () => {
  let data: Awaited<ReturnType<typeof openTemplateCopy>>;
  const network = new MemoryNetwork();
  let a: TrainingService;
  let b: TrainingService;
  let running: TrainingRun;
  let orphan: TrainingRun;

  beforeAll(async () => {
    data = await openTemplateCopy();
    a = await TrainingService.create({ storage: data.storage, gate: QUICKEST_GATE, locks: network.join().locks });
    b = await TrainingService.create({ storage: data.storage, gate: QUICKEST_GATE, locks: network.join().locks });
    running = await a.start(staffUser('erika'));
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await data.close();
  });

  it('refuses a run on one instance while another instance trains', async () => {
    await expect(b.start(staffUser('max'))).rejects.toMatchObject({ code: 'training_running' });
    expect(await a.findRun(running.id)).toMatchObject({ status: 'running' });
  });

  it("leaves the training instance's run alone when another instance starts", async () => {
    // And a run of an instance that stopped while training: which of the two is an orphan cannot be told now.
    orphan = await data.storage.trainingRuns.createRun({
      startedAt: new Date().toISOString(),
      startedBy: 'otto',
      corporaHash: 'c',
      catalogueHash: 'k',
    });
    await TrainingService.create({ storage: data.storage, locks: network.join().locks });
    expect(await a.findRun(running.id)).toMatchObject({ status: 'running' });
    expect(await a.findRun(orphan.id)).toMatchObject({ status: 'running' });
  });

  it('lets another instance train once the run has finished, failing the runs left by a stopped one', async () => {
    await a.idle();
    expect(await a.findRun(running.id)).toMatchObject({ status: 'succeeded' });
    const next = await b.start(staffUser('max'));
    expect(next).toMatchObject({ status: 'running', startedBy: 'max' });
    expect(await b.findRun(orphan.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/server stopped/),
    });
    await expect(a.start(staffUser('erika'))).rejects.toMatchObject({ code: 'training_running' });
    await b.close();
    expect(await b.findRun(next.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/server stopped/),
    });
    // Closing ended the run, and with it the hold on training.
    const again = await a.start(staffUser('erika'));
    await a.close();
    expect(await a.findRun(again.id)).toMatchObject({ status: 'failed' });
  }, 240_000);
});

/** In-process locks whose leases the test can take away, as Redis's are when it cannot be reached. */
class LosableLocks implements ClusterLocks {
  private readonly inner = new LocalLocks();
  readonly leases: AbortController[] = [];
  /** The next lock taken is lost at once, before its holder has done anything with it. */
  loseNext = false;

  withLock<T>(name: string, task: (lease: Lease) => Promise<T>): Promise<T> {
    return this.inner.withLock(name, task);
  }

  tryLock<T>(name: string, task: (lease: Lease) => Promise<T>) {
    const lease = new AbortController();
    if (this.loseNext) lease.abort();
    this.loseNext = false;
    this.leases.push(lease);
    return this.inner.tryLock(name, () => task({ lost: lease.signal }));
  }
}

describe('a training run whose lock is lost', () => {
  it('is stopped and failed before another instance could start one, and frees the way for the next', async () => {
    const data = await openTemplateCopy();
    const locks = new LosableLocks();
    const service = await TrainingService.create({ storage: data.storage, gate: QUICKEST_GATE, locks });
    try {
      const run = await service.start(staffUser('erika'));
      locks.leases.at(-1)?.abort();
      await service.idle();
      expect(await service.findRun(run.id)).toMatchObject({ status: 'failed', error: LOCK_LOST_ERROR });
      expect(await data.storage.versions.listVersions()).toHaveLength(0);
      // Lost while the run was being prepared, before anything listened.
      locks.loseNext = true;
      const early = await service.start(staffUser('erika'));
      await service.idle();
      expect(await service.findRun(early.id)).toMatchObject({ status: 'failed', error: LOCK_LOST_ERROR });
      const next = await service.start(staffUser('max'));
      expect(next.status).toBe('running');
      await service.idle();
      expect(await service.findRun(next.id)).toMatchObject({ status: 'succeeded' });
    } finally {
      await service.close();
      await data.close();
    }
  }, 120_000);
});

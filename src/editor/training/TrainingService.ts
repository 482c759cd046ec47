import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { User } from '../../auth/types.js';
import type { Language } from '../../catalogue/schema.js';
import type { ClusterLocks } from '../../cluster/Cluster.js';
import { LocalLocks } from '../../cluster/SoloCluster.js';
import type { Logger } from '../../logger.js';
import { yieldToEventLoop } from '../../nlu/inSlices.js';
import { type ParseResult, Understanding } from '../../nlu/Understanding.js';
import type { Storage, TrainingRunRepository } from '../../storage/repositories.js';
import { tenantContent } from '../../tenants/tenantContent.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { type TrainingPort, WorkbenchConflict } from '../ports.js';
import { loadTrainedKnowledge } from '../publishing/versionKnowledge.js';
import type { TrainingRun } from '../types.js';
import { saveSnapshots } from './draftSnapshot.js';
import { type HeldLock, holdLock } from './holdLock.js';
import { spawnTrainingWorker } from './spawnTrainingWorker.js';
import { readableError, type TrainingOutcome, WatchedRun } from './WatchedRun.js';
import { GateOptions, type GateOptionsInput, type LiveFigures } from './workerProtocol.js';

export interface TrainingServiceOptions {
  storage: Storage;
  /** Folds, seed and the conversation tests of the release gate. */
  gate?: GateOptionsInput;
  /** Progress is written to the run at most this often (the page polls it); default 500 ms. */
  progressIntervalMs?: number;
  /** A run still going after this long is stopped and failed; default 30 minutes. */
  timeoutMs?: number;
  /** Memory limits of the worker thread, so a runaway training cannot take the server down with it. */
  resourceLimits?: ResourceLimits;
  logger?: Logger;
  now?: () => Date;
  /** Told once per run as it ends (the metrics count runs by result); must not throw. */
  onFinished?: (outcome: TrainingOutcome) => void;
  /** The cluster's locks, so that one run trains at a time across instances; default: this instance alone. */
  locks?: ClusterLocks;
}

/** Held by the instance whose run is training, from `start` until the run's outcome is stored. */
const TRAINING_LOCK = 'training.run';
const ORPHAN_ERROR = 'the server stopped while this run was training';
/**
 * Trains drafts in a worker thread and runs the release gate there, one run at a time across all instances and tenants
 * (a run holds the cluster's training lock), recording progress, result and errors on the run. A run trains one
 * tenant's content (docs/tenants.md): the shared layer's, or a municipality's own on top of it, and is stored among
 * that tenant's runs. Create it with `TrainingService.create`, which fails the runs a crash left `running`.
 */
export class TrainingService implements TrainingPort {
  private active: WatchedRun | undefined;
  private starting = false;
  private draft: { fingerprint: string; understanding: Promise<Understanding> } | undefined;
  private readonly gate: GateOptions;
  private readonly now: () => Date;
  private readonly locks: ClusterLocks;

  private constructor(private readonly options: TrainingServiceOptions) {
    this.gate = GateOptions.parse(options.gate ?? {});
    this.now = options.now ?? (() => new Date());
    this.locks = options.locks ?? new LocalLocks();
  }

  static async create(options: TrainingServiceOptions): Promise<TrainingService> {
    const service = new TrainingService(options);
    // A `running` run is an orphan of a stopped instance only while no instance trains: another instance's run that is
    // training right now holds the lock and must be left alone.
    await service.locks.tryLock(TRAINING_LOCK, () => service.failOrphans());
    return service;
  }

  async start(by: User, tenantId = DEFAULT_TENANT): Promise<TrainingRun> {
    // Checked and set before the first await, so two requests at once cannot both start.
    if (this.active || this.starting) throw new WorkbenchConflict('training_running', 'a training run is running');
    this.starting = true;
    try {
      const lock = await holdLock(this.locks, TRAINING_LOCK);
      if (!lock) throw new WorkbenchConflict('training_running', 'a training run is running on another instance');
      let watched = false;
      try {
        // Holding the lock, nobody trains: runs still `running` were left by an instance that stopped meanwhile.
        await this.failOrphans();
        const run = await this.launch(by, lock, tenantId);
        watched = run.status === 'running';
        return run;
      } finally {
        // A run that is watched frees the lock as it finishes; one that never got going frees it now.
        if (!watched) await lock.release();
      }
    } finally {
      this.starting = false;
    }
  }

  listRuns(limit?: number, tenantId = DEFAULT_TENANT): Promise<TrainingRun[]> {
    return this.runsOf(tenantId).listRuns(limit);
  }

  findRun(id: string, tenantId = DEFAULT_TENANT): Promise<TrainingRun | undefined> {
    return this.runsOf(tenantId).findRun(id);
  }

  async parseWithDraft(
    text: string,
    lang?: Language,
    tenantId = DEFAULT_TENANT,
  ): Promise<{ runId: string; result: ParseResult } | undefined> {
    const runs = await this.runsOf(tenantId).listRuns(50);
    const run = runs.find((candidate) => candidate.status === 'succeeded' && candidate.fingerprint !== undefined);
    if (!run?.fingerprint) return undefined;
    if (this.draft?.fingerprint !== run.fingerprint) {
      const understanding = this.loadUnderstanding(run, run.fingerprint);
      this.draft = { fingerprint: run.fingerprint, understanding };
      // A failed load is not cached: the next request tries again.
      understanding.catch(() => {
        if (this.draft?.understanding === understanding) this.draft = undefined;
      });
    }
    const understanding = await this.draft.understanding;
    return { runId: run.id, result: understanding.parse(text, lang ? { lang } : {}) };
  }

  /** Resolves when the running run, if any, has finished and everything about it is stored. */
  async idle(): Promise<void> {
    await this.active?.done;
  }

  /** Stops a running run (failing it) and waits until that is stored; for the server's shutdown. */
  async close(): Promise<void> {
    const active = this.active;
    if (!active) return;
    await active.stop(ORPHAN_ERROR);
    await active.done;
  }

  /** The same as `close`. */
  stop(): Promise<void> {
    return this.close();
  }

  /**
   * Creates the run and its worker; the run is `failed` already when the worker could not be started. A tenant with
   * no content of its own and no version of its own is refused: it answers with the shared version.
   */
  private async launch(by: User, lock: HeldLock, tenantId: string): Promise<TrainingRun> {
    const { storage } = this.options;
    const layer = storage.knowledgeOf(tenantId);
    const content = await tenantContent(storage, tenantId);
    const { services, offices, intents } = content.own;
    const ownNothing = tenantId !== DEFAULT_TENANT && services + offices + intents === 0;
    if (ownNothing && !(await layer.versions.liveVersion())) {
      throw new WorkbenchConflict(
        'no_own_content',
        `${tenantId} has no content of its own: it answers with the shared version`,
      );
    }
    const snapshot = await saveSnapshots(storage, content.corpora, content.catalogue);
    const [mustPass, live] = await Promise.all([storage.mustPass.listMustPass(), this.liveFigures(tenantId)]);
    const run = await layer.trainingRuns.createRun({
      startedAt: this.now().toISOString(),
      startedBy: by.name,
      corporaHash: snapshot.corporaHash,
      catalogueHash: snapshot.catalogueHash,
    });
    await storage.audit.appendAudit({
      at: run.startedAt,
      actorId: by.id,
      actorName: by.name,
      action: 'editor.training.started',
      conversationId: undefined,
      tenantId,
      details: {
        ...(tenantId !== DEFAULT_TENANT && { tenant: tenantId }),
        runId: run.id,
        corporaHash: run.corporaHash,
        catalogueHash: run.catalogueHash,
      },
    });
    let worker: Worker;
    try {
      worker = spawnTrainingWorker(
        {
          corpora: snapshot.corpora.map((file) => file.corpus),
          catalogue: snapshot.catalogue,
          mustPass: mustPass.map(({ id, text, lang, intent }) => ({ id, text, lang, intent })),
          live,
          gate: this.gate,
        },
        this.options.resourceLimits,
      );
    } catch (error) {
      const patch = { status: 'failed' as const, finishedAt: this.now().toISOString(), error: readableError(error) };
      this.options.onFinished?.(patch);
      return (await layer.trainingRuns.updateRun(run.id, patch)) ?? { ...run, ...patch };
    }
    const watched: WatchedRun = new WatchedRun(run.id, layer.trainingRuns, worker, lock, {
      ...this.options,
      now: this.now,
      onStored: () => {
        if (this.active === watched) this.active = undefined;
      },
    });
    this.active = watched;
    this.options.logger?.info({ runId: run.id, tenant: tenantId, by: by.name }, 'training started');
    return run;
  }

  private async failOrphans(): Promise<void> {
    const failed = await this.options.storage.trainingRuns.failRunningRuns(this.now().toISOString(), ORPHAN_ERROR);
    if (failed > 0) this.options.logger?.warn({ failed }, 'training runs left running by a stop marked failed');
  }

  /**
   * The gate figures of the version the tenant answers with (its own live one, else the shared one), when it was
   * published from a run that had a gate.
   */
  private async liveFigures(tenantId: string): Promise<LiveFigures | undefined> {
    const { storage } = this.options;
    const own = await storage.knowledgeOf(tenantId).versions.liveVersion();
    const layer = own ? storage.knowledgeOf(tenantId) : storage;
    const live = own ?? (await storage.versions.liveVersion());
    if (!live?.trainingRunId) return undefined;
    const gate = (await layer.trainingRuns.findRun(live.trainingRunId))?.gate;
    if (!gate) return undefined;
    return {
      version: live.version,
      crossValidation: gate.crossValidation,
      perIntent: gate.perIntent,
      confusions: gate.confusions,
    };
  }

  private runsOf(tenantId: string): TrainingRunRepository {
    return this.options.storage.knowledgeOf(tenantId).trainingRuns;
  }

  private async loadUnderstanding(run: TrainingRun, fingerprint: string): Promise<Understanding> {
    const { model, services } = await loadTrainedKnowledge(this.options.storage, { ...run, fingerprint });
    const understanding = new Understanding(model, services);
    await understanding.prepare(yieldToEventLoop);
    return understanding;
  }
}

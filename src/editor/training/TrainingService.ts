import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { User } from '../../auth/types.js';
import type { Language } from '../../catalogue/schema.js';
import type { ClusterLocks } from '../../cluster/Cluster.js';
import { LocalLocks } from '../../cluster/SoloCluster.js';
import type { Logger } from '../../logger.js';
import { type ParseResult, Understanding } from '../../nlu/Understanding.js';
import type { Storage, TrainingRunRepository } from '../../storage/repositories.js';
import { tenantContent } from '../../tenants/tenantContent.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { type TrainingPort, WorkbenchConflict } from '../ports.js';
import { loadTrainedKnowledge } from '../publishing/versionKnowledge.js';
import type { TrainingPhase, TrainingRun, TrainingRunPatch } from '../types.js';
import { saveSnapshots } from './draftSnapshot.js';
import { type HeldLock, holdLock } from './holdLock.js';
import { spawnTrainingWorker } from './spawnTrainingWorker.js';
import { GateOptions, type GateOptionsInput, type LiveFigures, TrainingWorkerMessage } from './workerProtocol.js';

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
/** A run whose training lock could no longer be renewed (Redis unreachable): stopped before another may start. */
export const LOCK_LOST_ERROR =
  'the run was stopped because its training lock could not be kept (the cluster store was unreachable); start it again';

/** How a run ended: `succeeded` carries the release gate's verdict. */
export type TrainingOutcome = TrainingRunPatch & { status: 'succeeded' | 'failed' };

/** A run in progress: its worker and what still has to reach storage. */
interface ActiveRun {
  id: string;
  /** Where the run is stored: its tenant's runs. */
  runs: TrainingRunRepository;
  worker: Worker;
  /** Storage writes of this run, one after another, so the last word is written last. */
  writes: Promise<unknown>;
  finished: boolean;
  lastProgressAt: number;
  lastPhase: TrainingPhase;
  pendingProgress: { phase: TrainingPhase; progress: number } | undefined;
  progressTimer: NodeJS.Timeout | undefined;
  timeout: NodeJS.Timeout;
  lock: HeldLock;
  done: Promise<void>;
  resolveDone: () => void;
}

/**
 * Trains drafts in a worker thread and runs the release gate there, one run at a time across all instances and tenants
 * (a run holds the cluster's training lock), recording progress, result and errors on the run. A run trains one
 * tenant's content (docs/tenants.md): the shared layer's, or a municipality's own on top of it, and is stored among
 * that tenant's runs. Create it with `TrainingService.create`, which fails the runs a crash left `running`.
 */
export class TrainingService implements TrainingPort {
  private active: ActiveRun | undefined;
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
    this.finish(active, { status: 'failed', error: ORPHAN_ERROR });
    await active.worker.terminate();
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
    this.watch(run.id, layer.trainingRuns, worker, lock);
    this.options.logger?.info({ runId: run.id, tenant: tenantId, by: by.name }, 'training started');
    return run;
  }

  private watch(id: string, runs: TrainingRunRepository, worker: Worker, lock: HeldLock): void {
    let resolveDone = () => {};
    const done = new Promise<void>((resolve) => {
      resolveDone = resolve;
    });
    const timeoutMs = this.options.timeoutMs ?? 30 * 60_000;
    const active: ActiveRun = {
      id,
      runs,
      worker,
      writes: Promise.resolve(),
      finished: false,
      lastProgressAt: 0,
      lastPhase: 'training',
      pendingProgress: undefined,
      progressTimer: undefined,
      timeout: setTimeout(() => {
        this.finish(active, {
          status: 'failed',
          error: `training took longer than ${Math.round(timeoutMs / 60_000)} minutes and was stopped`,
        });
        void worker.terminate();
      }, timeoutMs),
      lock,
      done,
      resolveDone,
    };
    this.active = active;
    // Another instance could take the lock now and start a run of its own: this one stops first. (A lease lost while
    // the run was being prepared fired no event anyone heard.)
    const lockLost = () => {
      this.finish(active, { status: 'failed', error: LOCK_LOST_ERROR });
      void worker.terminate();
    };
    if (lock.lost.aborted) lockLost();
    else lock.lost.addEventListener('abort', lockLost, { once: true });
    worker.on('message', (raw: unknown) => {
      const parsed = TrainingWorkerMessage.safeParse(raw);
      if (!parsed.success) {
        this.finish(active, { status: 'failed', error: 'the training worker sent an unreadable message' });
        void worker.terminate();
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'progress':
          this.progress(active, message.phase, message.progress);
          break;
        case 'model': {
          // A run already failed (its lock lost, its time up) stores nothing more.
          if (active.finished) break;
          const { fingerprint, trainedAt, data } = message;
          this.write(active, async () => {
            await this.options.storage.models.saveModel({ fingerprint, createdAt: trainedAt, data });
            await runs.updateRun(id, { fingerprint });
          });
          break;
        }
        case 'done':
          this.finish(active, { status: 'succeeded', phase: 'done', progress: 1, gate: message.gate });
          // Whatever the gate's bot left open (sockets, timers) ends with the thread.
          void worker.terminate();
          break;
        case 'failed':
          this.finish(active, { status: 'failed', error: message.error });
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (error) => {
      this.finish(active, { status: 'failed', error: `the training worker crashed: ${readableError(error)}` });
    });
    worker.on('exit', (code) => {
      this.finish(active, { status: 'failed', error: `the training worker stopped unexpectedly (exit code ${code})` });
    });
  }

  /** Stores progress at most every `progressIntervalMs`, but a new phase at once (the page shows the phase). */
  private progress(active: ActiveRun, phase: TrainingPhase, progress: number): void {
    if (active.finished) return;
    const interval = this.options.progressIntervalMs ?? 500;
    const elapsed = Date.now() - active.lastProgressAt;
    active.pendingProgress = { phase, progress };
    if (phase !== active.lastPhase || elapsed >= interval) {
      this.flushProgress(active);
    } else if (!active.progressTimer) {
      active.progressTimer = setTimeout(() => this.flushProgress(active), interval - elapsed);
    }
  }

  private flushProgress(active: ActiveRun): void {
    clearTimeout(active.progressTimer);
    active.progressTimer = undefined;
    const pending = active.pendingProgress;
    if (!pending || active.finished) return;
    active.pendingProgress = undefined;
    active.lastProgressAt = Date.now();
    active.lastPhase = pending.phase;
    this.write(active, () => active.runs.updateRun(active.id, pending));
  }

  /** Writes the outcome once (the first of done, failed, error, exit wins) after everything written before. */
  private finish(active: ActiveRun, patch: TrainingOutcome): void {
    if (active.finished) return;
    active.finished = true;
    this.options.onFinished?.(patch);
    clearTimeout(active.progressTimer);
    clearTimeout(active.timeout);
    if (patch.status === 'failed')
      this.options.logger?.warn({ runId: active.id, error: patch.error }, 'training failed');
    else this.options.logger?.info({ runId: active.id, passed: patch.gate?.passed }, 'training finished');
    this.write(active, () => active.runs.updateRun(active.id, { ...patch, finishedAt: this.now().toISOString() }));
    // The lock is freed only once the outcome is stored: an instance that takes it next finds no run `running`.
    void active.writes
      .then(() => {
        if (this.active === active) this.active = undefined;
        return active.lock.release();
      })
      .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'training lock not released'))
      .finally(() => active.resolveDone());
  }

  private write(active: ActiveRun, work: () => Promise<unknown>): void {
    active.writes = active.writes.then(work).catch((error: unknown) => {
      this.options.logger?.error({ err: error, runId: active.id }, 'training run not stored');
    });
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
    return new Understanding(model, services);
  }
}

function readableError(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

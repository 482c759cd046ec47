import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.js';
import type { Storage, TrainingRunRepository } from '../../storage/repositories.js';
import type { TrainingPhase, TrainingRunPatch } from '../types.js';
import type { HeldLock } from './holdLock.js';
import { TrainingWorkerMessage } from './workerProtocol.js';

/** A run whose training lock could no longer be renewed (Redis unreachable): stopped before another may start. */
export const LOCK_LOST_ERROR =
  'the run was stopped because its training lock could not be kept (the cluster store was unreachable); start it again';

/** How a run ended: `succeeded` carries the release gate's verdict. */
export type TrainingOutcome = TrainingRunPatch & { status: 'succeeded' | 'failed' };

export interface WatchedRunOptions {
  storage: Pick<Storage, 'models'>;
  /** Progress is written to the run at most this often (the page polls it); default 500 ms. */
  progressIntervalMs?: number | undefined;
  /** A run still going after this long is stopped and failed; default 30 minutes. */
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
  now: () => Date;
  /** Told once as the run ends (the metrics count runs by result); must not throw. */
  onFinished?: ((outcome: TrainingOutcome) => void) | undefined;
  /** The outcome is stored; the lock is released next. */
  onStored: () => void;
}

/**
 * A run in progress, watched from the server: its worker's messages become progress, the model and the outcome on
 * the run, written one after another so that the last word is written last. The outcome is written once, the first of
 * done, failed, a crash, an exit, the time limit or the training lock lost; only then is the lock released.
 */
export class WatchedRun {
  /** Resolves once the outcome is stored and the lock released. */
  readonly done: Promise<void>;
  private resolveDone = () => {};
  /** Storage writes of this run, one after another. */
  private writes: Promise<unknown> = Promise.resolve();
  private finished = false;
  private lastProgressAt = 0;
  private lastPhase: TrainingPhase = 'training';
  private pendingProgress: { phase: TrainingPhase; progress: number } | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private readonly timeout: NodeJS.Timeout;

  constructor(
    readonly id: string,
    private readonly runs: TrainingRunRepository,
    private readonly worker: Worker,
    private readonly lock: HeldLock,
    private readonly options: WatchedRunOptions,
  ) {
    this.done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    this.timeout = setTimeout(() => {
      void this.stop(`training took longer than ${Math.round(timeoutMs / 60_000)} minutes and was stopped`);
    }, timeoutMs);
    // Another instance could take the lock now and start a run of its own: this one stops first. (A lease lost while
    // the run was being prepared fired no event anyone heard.)
    const lockLost = () => void this.stop(LOCK_LOST_ERROR);
    if (lock.lost.aborted) lockLost();
    else lock.lost.addEventListener('abort', lockLost, { once: true });
    worker.on('message', (raw: unknown) => this.heard(raw));
    worker.on('error', (error) => {
      this.finish({ status: 'failed', error: `the training worker crashed: ${readableError(error)}` });
    });
    worker.on('exit', (code) => {
      this.finish({ status: 'failed', error: `the training worker stopped unexpectedly (exit code ${code})` });
    });
  }

  /** Fails the run and ends its worker; resolves once the worker has ended (`done` follows when the outcome is stored). */
  stop(error: string): Promise<number> {
    this.finish({ status: 'failed', error });
    return this.worker.terminate();
  }

  /** Writes the outcome once (the first of done, failed, error, exit wins) after everything written before. */
  private finish(patch: TrainingOutcome): void {
    if (this.finished) return;
    this.finished = true;
    const { logger } = this.options;
    this.options.onFinished?.(patch);
    clearTimeout(this.progressTimer);
    clearTimeout(this.timeout);
    if (patch.status === 'failed') logger?.warn({ runId: this.id, error: patch.error }, 'training failed');
    else logger?.info({ runId: this.id, passed: patch.gate?.passed }, 'training finished');
    this.write(() => this.runs.updateRun(this.id, { ...patch, finishedAt: this.options.now().toISOString() }));
    // The lock is freed only once the outcome is stored: an instance that takes it next finds no run `running`.
    void this.writes
      .then(() => {
        this.options.onStored();
        return this.lock.release();
      })
      .catch((error: unknown) => logger?.warn({ err: error }, 'training lock not released'))
      .finally(() => this.resolveDone());
  }

  private heard(raw: unknown): void {
    const parsed = TrainingWorkerMessage.safeParse(raw);
    if (!parsed.success) {
      void this.stop('the training worker sent an unreadable message');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'progress':
        this.progress(message.phase, message.progress);
        break;
      case 'model': {
        // A run already failed (its lock lost, its time up) stores nothing more.
        if (this.finished) break;
        const { fingerprint, trainedAt, data } = message;
        this.write(async () => {
          await this.options.storage.models.saveModel({ fingerprint, createdAt: trainedAt, data });
          await this.runs.updateRun(this.id, { fingerprint });
        });
        break;
      }
      case 'done':
        this.finish({ status: 'succeeded', phase: 'done', progress: 1, gate: message.gate });
        // Whatever the gate's bot left open (sockets, timers) ends with the thread.
        void this.worker.terminate();
        break;
      case 'failed':
        void this.stop(message.error);
        break;
    }
  }

  /** Stores progress at most every `progressIntervalMs`, but a new phase at once (the page shows the phase). */
  private progress(phase: TrainingPhase, progress: number): void {
    if (this.finished) return;
    const interval = this.options.progressIntervalMs ?? 500;
    const elapsed = Date.now() - this.lastProgressAt;
    this.pendingProgress = { phase, progress };
    if (phase !== this.lastPhase || elapsed >= interval) {
      this.flushProgress();
    } else if (!this.progressTimer) {
      this.progressTimer = setTimeout(() => this.flushProgress(), interval - elapsed);
    }
  }

  private flushProgress(): void {
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    const pending = this.pendingProgress;
    if (!pending || this.finished) return;
    this.pendingProgress = undefined;
    this.lastProgressAt = Date.now();
    this.lastPhase = pending.phase;
    this.write(() => this.runs.updateRun(this.id, pending));
  }

  private write(work: () => Promise<unknown>): void {
    this.writes = this.writes.then(work).catch((error: unknown) => {
      this.options.logger?.error({ err: error, runId: this.id }, 'training run not stored');
    });
  }
}

export function readableError(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

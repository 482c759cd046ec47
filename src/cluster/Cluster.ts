/**
 * What GovBot instances share beyond the database when several run side by side (`REDIS_URL`): messages between
 * instances and named locks. One instance alone uses `SoloCluster`, where both are in-process.
 */
export interface Cluster {
  /** This instance's id, unique per process start. */
  readonly instanceId: string;
  /** Whether other instances may exist (false: everything this instance knows in memory is the whole truth). */
  readonly shared: boolean;
  readonly bus: ClusterBus;
  readonly locks: ClusterLocks;
  close(): Promise<void>;
}

/**
 * Best-effort messages to the other instances (at most once, in order per sender): caches they must refresh, events
 * their connected consoles must hear. Whatever must not be lost lives in the database; a message only says "look".
 */
export interface ClusterBus {
  /** Sends to every other instance subscribed to the topic; never to this one. */
  publish(topic: string, message: unknown): Promise<void>;
  /** Handles the topic's messages of the other instances; returns the unsubscribe. */
  subscribe(topic: string, handler: (message: unknown, from: string) => void): () => void;
}

export interface LockOptions {
  /** How long to wait for a lock another holder has before giving up with `LockTimeout`; default 30 s. */
  waitMs?: number;
  /**
   * How long the lock outlives its holder's last renewal; default the cluster's (10 s with Redis). Longer for a task
   * that may block its event loop (the renewal timer then cannot fire), at the price of a longer wait after a crash.
   */
  ttlMs?: number;
}

/**
 * Mutual exclusion across instances. A lock is held while its task runs and renewed meanwhile; a holder that dies
 * loses it after a few seconds, so nothing stays locked after a crash.
 */
export interface ClusterLocks {
  /** Runs `task` holding the named lock, waiting for it up to `waitMs`. */
  withLock<T>(name: string, task: (lease: Lease) => Promise<T>, options?: LockOptions): Promise<T>;
  /** Runs `task` holding the lock if it is free now; `acquired: false` (task not run) when another holds it. */
  tryLock<T>(
    name: string,
    task: (lease: Lease) => Promise<T>,
    options?: Pick<LockOptions, 'ttlMs'>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

/**
 * A held lock as its task sees it. `lost` is aborted when the lock can no longer be counted on: its renewals failed
 * for so long that it may expire (the lock store unreachable), or another holder has it. A task that must not overlap
 * another holder's (a training run) stops then; locks of one process are never lost.
 */
export interface Lease {
  lost: AbortSignal;
}

export class LockTimeout extends Error {
  constructor(
    readonly lock: string,
    waitedMs: number,
  ) {
    super(`lock ${lock} still held elsewhere after ${waitedMs} ms`);
    this.name = 'LockTimeout';
  }
}

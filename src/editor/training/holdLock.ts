import type { ClusterLocks, Lease } from '../../cluster/Cluster.js';

/** A cluster lock taken by `holdLock`: held, and renewed by the locks, until released. */
export interface HeldLock {
  /** Frees the lock; resolves once it is free for others. */
  release(): Promise<void>;
  /** Aborted when the lock can no longer be counted on (see `Lease`): the work it guards must stop. */
  lost: AbortSignal;
}

/**
 * Takes the named lock if it is free now and holds it until `release`, for work that outlives the call that starts
 * it (a training run goes on in its worker long after `start` has answered). Undefined when another holder has it.
 */
export async function holdLock(locks: ClusterLocks, name: string): Promise<HeldLock | undefined> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let taken = (_lease: Lease) => {};
  const acquired = new Promise<Lease>((resolve) => {
    taken = resolve;
  });
  // The task runs as soon as the lock is ours and ends only when released; `tryLock` itself settles only then, or at
  // once with `acquired: false`.
  const holding = locks.tryLock(name, (lease) => {
    taken(lease);
    return released;
  });
  const lease = await Promise.race([acquired, holding.then(() => undefined)]);
  if (!lease) return undefined;
  return {
    release: async () => {
      release();
      await holding;
    },
    lost: lease.lost,
  };
}

import { KeyedQueue } from '../bot/KeyedQueue.js';
import type { Cluster } from './Cluster.js';

/** Runs a conversation's turns one after another; concurrently across conversations. */
export interface TurnQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when every turn queued here has finished. */
  drain(): Promise<void>;
  readonly size: number;
}

/**
 * The turn queue of an instance: alone, a queue in memory; beside other instances, that queue plus the
 * conversation's cluster lock, so that a citizen's message on one instance and an agent's on another (or two
 * Bot Framework requests the load balancer spread) never run one conversation's turns at once.
 */
export function turnQueueFor(cluster: Cluster): TurnQueue {
  const local = new KeyedQueue();
  if (!cluster.shared) return local;
  return {
    run: (key, task) => local.run(key, () => cluster.locks.withLock(`turn:${key}`, task)),
    drain: () => local.drain(),
    get size() {
      return local.size;
    },
  };
}

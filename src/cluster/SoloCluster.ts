import { randomUUID } from 'node:crypto';
import { KeyedQueue } from '../bot/KeyedQueue.js';
import type { Cluster, ClusterBus, ClusterLocks, Lease } from './Cluster.js';

/** In-process locks: a queue per name. */
export class LocalLocks implements ClusterLocks {
  private readonly queue = new KeyedQueue();
  private readonly held = new Set<string>();

  withLock<T>(name: string, task: (lease: Lease) => Promise<T>): Promise<T> {
    return this.queue.run(name, async () => {
      this.held.add(name);
      try {
        // A lease of its own: a listener on it goes with it.
        return await task({ lost: new AbortController().signal });
      } finally {
        this.held.delete(name);
      }
    });
  }

  async tryLock<T>(
    name: string,
    task: (lease: Lease) => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }> {
    if (this.held.has(name) || this.queue.has(name)) return { acquired: false };
    return { acquired: true, value: await this.withLock(name, task) };
  }
}

/**
 * Instances joined to one `MemoryNetwork` hear each other's messages and share locks, in one process: what tests use
 * to run two instances' services side by side without Redis.
 */
export class MemoryNetwork {
  private readonly handlers = new Map<
    string,
    Set<{ instanceId: string; handle: (message: unknown, from: string) => void }>
  >();
  readonly locks = new LocalLocks();

  join(instanceId: string = randomUUID()): Cluster {
    const bus: ClusterBus = {
      publish: async (topic, message) => {
        // A copy, as over the wire: a receiver must not share the sender's objects.
        const copy: unknown = JSON.parse(JSON.stringify(message));
        for (const handler of this.handlers.get(topic) ?? []) {
          if (handler.instanceId !== instanceId)
            queueMicrotask(() => handler.handle(structuredClone(copy), instanceId));
        }
      },
      subscribe: (topic, handle) => {
        const entry = { instanceId, handle };
        const set = this.handlers.get(topic) ?? new Set();
        set.add(entry);
        this.handlers.set(topic, set);
        return () => set.delete(entry);
      },
    };
    return { instanceId, shared: true, bus, locks: this.locks, close: async () => undefined };
  }
}

/** One instance alone: nobody to tell, locks in memory. */
export function soloCluster(): Cluster {
  const network = new MemoryNetwork();
  const cluster = network.join();
  return { ...cluster, shared: false };
}

import type { z } from 'zod';
import type { Cluster, ClusterBus } from '../cluster/Cluster.js';
import type { Logger } from '../logger.js';
import type { HandoverRepository } from '../storage/repositories.js';
import { HANDOVER_TOPICS, HandoverChanged, PositionsTold, parseClusterMessage } from './clusterMessages.js';
import type { HandoverCache } from './HandoverCache.js';
import { ACTIVE_STATUSES, type Handover } from './types.js';

export interface HandoverReplicationOptions {
  /** The other instances; without (or not shared), this one is alone and nothing is sent. */
  cluster: Cluster | undefined;
  handovers: Pick<HandoverRepository, 'findHandover'>;
  /** What the changes of the others are applied to. */
  cache: Pick<HandoverCache, 'get' | 'set' | 'delete' | 'queue' | 'told' | 'forgetTold'>;
  logger: Logger;
  /** Another instance connected a waiting chat: the recent waits changed. */
  acceptedElsewhere: () => Promise<void>;
  /** The cache changed: consoles refresh their overview. */
  onChange: () => void;
}

/**
 * The handover side of the cluster bus: tells the other instances which handover changed here and which queue
 * places were told here, and applies what they tell, in the order they told it, to this instance's cache.
 */
export class HandoverReplication {
  /** The bus to the other instances; undefined when alone. */
  private readonly bus: ClusterBus | undefined;
  private readonly unsubscribes: (() => void)[] = [];
  /** Work on the cache from the bus and the start's load, in arrival order. */
  private replication: Promise<void> = Promise.resolve();

  constructor(private readonly options: HandoverReplicationOptions) {
    if (options.cluster?.shared) this.bus = options.cluster.bus;
  }

  /** Whether other instances may exist. */
  get shared(): boolean {
    return this.bus !== undefined;
  }

  start(): void {
    if (!this.bus) return;
    this.unsubscribes.push(
      this.bus.subscribe(HANDOVER_TOPICS.changed, (message, from) => this.receivedChange(message, from)),
      this.bus.subscribe(HANDOVER_TOPICS.positions, (message, from) => this.receivedPositions(message, from)),
    );
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** Runs replication work after the work before it, so changes apply in the order they were announced. */
  serially(task: () => Promise<void>): Promise<void> {
    const run = this.replication.then(task);
    this.replication = run.catch(() => undefined);
    return run;
  }

  /** Tells the other instances to refresh the handover. */
  announce(handover: Handover): void {
    this.publish(HANDOVER_TOPICS.changed, {
      id: handover.id,
      conversationId: handover.conversationId,
      status: handover.status,
    } satisfies HandoverChanged);
  }

  /** Tells the other instances which places this one told citizens. */
  positionsTold(told: { handoverId: string; position: number }[]): void {
    if (told.length > 0) this.publish(HANDOVER_TOPICS.positions, { positions: told });
  }

  private receivedChange(message: unknown, from: string): void {
    const changed = this.parse(HandoverChanged, message, HANDOVER_TOPICS.changed, from);
    if (!changed) return;
    void this.serially(() => this.refresh(changed)).catch((error: unknown) =>
      this.options.logger.error({ err: error, handoverId: changed.id }, 'handover: refreshing from the cluster failed'),
    );
  }

  /**
   * Brings the cache up to date with a change another instance made. That instance told the citizens whose place
   * the change moved; this one only notes what they were told, so neither its next change nor its tick repeats it.
   */
  private async refresh(changed: HandoverChanged): Promise<void> {
    const { cache } = this.options;
    const before = cache.get(changed.conversationId);
    // An ended handover stays ended; an active one may have changed again since: the database says how it is now.
    const current = ACTIVE_STATUSES.includes(changed.status)
      ? await this.options.handovers.findHandover(changed.id)
      : undefined;
    // A change made here meanwhile passed the database's compare-and-set after the announced one: it is as new.
    if (cache.get(changed.conversationId) !== before) return;
    const positions = new Map(cache.queue().map((entry) => [entry.handover.id, entry.position]));
    if (current && ACTIVE_STATUSES.includes(current.status)) {
      cache.set(current);
    } else {
      if (before?.id === changed.id) cache.delete(changed.conversationId);
      cache.forgetTold(changed.id);
    }
    for (const { handover, position } of cache.queue()) {
      if (positions.get(handover.id) !== position) cache.told(handover.id, position);
    }
    if (before?.status === 'queued' && current?.status === 'connected') await this.options.acceptedElsewhere();
    this.options.onChange();
  }

  /**
   * Another instance told citizens these places. When two instances changed the queue at once, one of them told
   * places that were already wrong; noting what was told makes the next tick here tell the right ones.
   */
  private receivedPositions(message: unknown, from: string): void {
    const told = this.parse(PositionsTold, message, HANDOVER_TOPICS.positions, from);
    if (!told) return;
    void this.serially(async () => {
      const queued = new Set(this.options.cache.queue().map((entry) => entry.handover.id));
      for (const { handoverId, position } of told.positions) {
        if (queued.has(handoverId)) this.options.cache.told(handoverId, position);
      }
    });
  }

  private publish(topic: string, message: unknown): void {
    void this.bus
      ?.publish(topic, message)
      .catch((error: unknown) => this.options.logger.warn({ err: error, topic }, 'handover: cluster message not sent'));
  }

  private parse<T>(schema: z.ZodType<T>, message: unknown, topic: string, from: string): T | undefined {
    return parseClusterMessage(schema, message, { topic, from, logger: this.options.logger });
  }
}

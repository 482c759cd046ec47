import type { Logger } from '../logger.js';
import type { HandoverPatch, HandoverRepository } from '../storage/repositories.js';
import { type ActionResult, fail } from './ActionResult.js';
import type { HandoffSink } from './HandoffSink.js';
import type { Actor, HandoverAudit } from './HandoverAudit.js';
import type { HandoverCache } from './HandoverCache.js';
import type { HandoverReplication } from './HandoverReplication.js';
import type { HandoverEvents } from './HandoverServiceOptions.js';
import type { CitizenRelay, HandoverSignal } from './signals.js';
import type { Handover, HandoverStatus } from './types.js';

export interface HandoverChangesOptions {
  handovers: Pick<HandoverRepository, 'transitionHandover'>;
  cache: HandoverCache;
  replication: Pick<HandoverReplication, 'announce' | 'positionsTold'>;
  relay: CitizenRelay;
  audit: HandoverAudit;
  sink: HandoffSink | undefined;
  logger: Logger;
  /** Seconds until a person is likely free for the chat at `position`. */
  estimateWait: (position: number, tenantId: string) => number;
  events: HandoverEvents;
  now: () => Date;
}

/**
 * What every change of a handover goes through, whoever makes it: the database's compare-and-set, this instance's
 * cache and the other instances, the citizen's messages, and the queue's places told.
 */
export class HandoverChanges {
  constructor(private readonly options: HandoverChangesOptions) {}

  /** Changes the handover if it is still in one of the `from` states; undefined when someone else changed it first. */
  async transition(
    handover: Handover,
    from: readonly HandoverStatus[],
    patch: HandoverPatch,
  ): Promise<Handover | undefined> {
    const updated = await this.options.handovers.transitionHandover(handover.id, from, patch);
    if (!updated) return undefined;
    this.options.cache.update(updated);
    this.options.replication.announce(updated);
    this.options.events.emit('handover', updated);
    return updated;
  }

  /** Tells the citizen; a channel that cannot be reached must not stop the service centre's work. */
  async signal<S extends HandoverSignal>(handover: Handover, signal: S): Promise<void> {
    try {
      await this.options.relay.signal(handover.address, signal);
    } catch (error) {
      this.options.logger.warn(
        { err: error, conversationId: handover.conversationId, op: signal.op },
        'handover: could not reach the citizen',
      );
    }
  }

  /**
   * Tells every waiting citizen whose place changed, and the consoles. Not awaited: `cancel` runs inside the cancelling citizen's turn, and waiting there for the turns of the others
   * would let two citizens who cancel at once wait for each other for ever.
   */
  queueMoved(): void {
    this.options.events.emit('changed');
    const told: { handoverId: string; position: number }[] = [];
    for (const entry of this.options.cache.moved()) {
      told.push({ handoverId: entry.handover.id, position: entry.position });
      void this.signal(entry.handover, {
        op: 'queue',
        position: entry.position,
        waitSeconds: this.options.estimateWait(entry.position, entry.handover.tenantId),
      });
    }
    this.options.replication.positionsTold(told);
  }

  /** Nobody can take the waiting chat (the service centre closed, nobody online). */
  async failQueued(handover: Handover, why: 'closed' | 'nobody'): Promise<ActionResult> {
    const failed = await this.transition(handover, ['queued'], { status: 'failed', endedAt: this.iso() });
    if (!failed) return fail('taken');
    await this.options.audit.handover(undefined, 'handover.failed', failed, { why });
    this.options.sink?.status(failed, 'failed', why);
    await this.signal(failed, { op: 'ended', state: 'failed', why });
    this.options.events.emit('changed');
    return { ok: true, value: failed };
  }

  /** An agent stayed away past the grace period: their chats wait for someone else. */
  async requeue(agent: Actor & { id: string }): Promise<void> {
    const { cache } = this.options;
    for (const handover of cache.connected(agent.id)) {
      // The agent fields keep the last person, so the next one sees who had the chat before.
      const requeued = await this.transition(handover, ['connected'], { status: 'queued' });
      if (!requeued) continue;
      await this.options.audit.handover(agent, 'handover.requeued', requeued, {});
      const position = cache.positionOf(requeued.id) ?? 1;
      cache.told(requeued.id, position);
      await this.signal(requeued, {
        op: 'requeued',
        position,
        waitSeconds: this.options.estimateWait(position, requeued.tenantId),
      });
    }
  }

  /** Sends a person's message to the citizen; the first one of a chat is recorded for the analytics. */
  async relayAgentMessage(handover: Handover, agentName: string, text: string): Promise<ActionResult> {
    let current = handover;
    if (current.firstAgentReplyAt === undefined) {
      current = (await this.transition(current, ['connected'], { firstAgentReplyAt: this.iso() })) ?? current;
    }
    await this.signal(current, { op: 'message', agentName, text });
    return { ok: true, value: current };
  }

  /** The agent's connected chat. */
  owned(agent: Actor & { id: string }, handoverId: string): ActionResult {
    const handover = this.connectedById(handoverId);
    if (!handover.ok) return handover;
    return handover.value.agentId === agent.id ? handover : fail('not_yours');
  }

  connectedById(handoverId: string): ActionResult {
    const handover = this.options.cache.byId(handoverId);
    if (!handover) return fail('not_found');
    return handover.status === 'connected' ? { ok: true, value: handover } : fail('not_connected');
  }

  iso(): string {
    return this.options.now().toISOString();
  }
}

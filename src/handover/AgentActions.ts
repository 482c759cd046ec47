import type { HandoverRepository } from '../storage/repositories.js';
import { type ActionResult, fail } from './ActionResult.js';
import type { AgentPresence } from './AgentPresence.js';
import type { HandoffSink } from './HandoffSink.js';
import type { Actor, HandoverAudit } from './HandoverAudit.js';
import type { HandoverCache } from './HandoverCache.js';
import type { HandoverChanges } from './HandoverChanges.js';
import type { HandoverEvents } from './HandoverServiceOptions.js';
import type { CitizenRelay, HandoverSignal } from './signals.js';
import type { HandoverNote, HandoverOutcome } from './types.js';
import type { WaitEstimate } from './WaitEstimate.js';

export interface AgentActionsOptions {
  handovers: Pick<HandoverRepository, 'findHandover' | 'addNote'>;
  cache: Pick<HandoverCache, 'byId' | 'connected'>;
  changes: HandoverChanges;
  presence: Pick<AgentPresence, 'agentList' | 'localStatus' | 'onlineCount'>;
  relay: CitizenRelay;
  audit: HandoverAudit;
  sink: HandoffSink | undefined;
  wait: Pick<WaitEstimate, 'refresh'>;
  /** Concurrent chats one agent may have. */
  maxChatsPerAgent: number;
  events: HandoverEvents;
}

type Agent = Actor & { id: string };

/**
 * What agents do with the chats: in the console take, talk, transfer, correct the form, note and end; in a
 * contact-centre system (through the handoff webhook) take, talk, give up and end.
 */
export class AgentActions {
  constructor(private readonly options: AgentActionsOptions) {}

  /** An agent takes a waiting chat. */
  async accept(agent: Agent, handoverId: string): Promise<ActionResult> {
    const { changes } = this.options;
    const handover = this.options.cache.byId(handoverId);
    if (!handover) return fail('not_found');
    if (handover.status !== 'queued') return fail('taken');
    if (this.options.presence.localStatus(agent.id) === 'away') return fail('away');
    if (this.options.cache.connected(agent.id).length >= this.options.maxChatsPerAgent) return fail('capacity');
    const accepted = await changes.transition(handover, ['queued'], {
      status: 'connected',
      acceptedAt: changes.iso(),
      agentId: agent.id,
      agentName: agent.name,
    });
    if (!accepted) return fail('taken');
    await this.options.audit.handover(agent, 'handover.accepted', accepted, {
      waitedMs: Date.parse(accepted.acceptedAt ?? '') - Date.parse(accepted.requestedAt),
    });
    this.options.sink?.status(accepted, 'accepted', `taken in the console by ${agent.name}`);
    await changes.signal(accepted, { op: 'accepted', agentName: agent.name, transferred: false });
    await this.options.wait.refresh();
    changes.queueMoved();
    return { ok: true, value: accepted };
  }

  /** An agent writes to the citizen. */
  async message(agent: Agent, handoverId: string, text: string): Promise<ActionResult> {
    const owned = this.options.changes.owned(agent, handoverId);
    if (!owned.ok) return owned;
    return this.options.changes.relayAgentMessage(owned.value, agent.name, text);
  }

  typing(agent: Agent, handoverId: string): void {
    const owned = this.options.changes.owned(agent, handoverId);
    if (owned.ok) {
      void this.options.changes.signal(owned.value, { op: 'typing', agentName: agent.name }).catch(() => undefined);
    }
  }

  /** Hands a connected chat to another online agent (whichever instance their console is connected to). */
  async transfer(agent: Agent, handoverId: string, toAgentId: string): Promise<ActionResult> {
    const { changes } = this.options;
    const owned = changes.owned(agent, handoverId);
    if (!owned.ok) return owned;
    const target = this.options.presence.agentList().find((candidate) => candidate.id === toAgentId);
    if (!target || target.status === 'offline' || toAgentId === agent.id) return fail('unknown_agent');
    if (target.status === 'away') return fail('away');
    if (target.chats >= this.options.maxChatsPerAgent) return fail('capacity');
    const moved = await changes.transition(owned.value, ['connected'], { agentId: target.id, agentName: target.name });
    if (!moved) return fail('not_connected');
    await this.options.audit.handover(agent, 'handover.transferred', moved, { from: agent.name, to: target.name });
    await changes.signal(moved, { op: 'accepted', agentName: target.name, transferred: true });
    this.options.events.emit('changed');
    return { ok: true, value: moved };
  }

  /**
   * Ends a connected chat: the bot takes over again, at the form step `resumeAt` if one is given. `actor` undefined
   * is the contact-centre system.
   */
  async end(
    agent: Agent | undefined,
    handoverId: string,
    options: { outcome: HandoverOutcome; resumeAt?: string },
  ): Promise<ActionResult> {
    const { changes } = this.options;
    const handover = agent ? changes.owned(agent, handoverId) : changes.connectedById(handoverId);
    if (!handover.ok) return handover;
    const ended = await changes.transition(handover.value, ['connected'], {
      status: 'completed',
      endedAt: changes.iso(),
      outcome: options.outcome,
    });
    if (!ended) return fail('not_connected');
    await this.options.audit.handover(
      agent ?? { id: undefined, name: ended.agentName ?? 'extern' },
      'handover.ended',
      ended,
      { outcome: options.outcome, resumeAt: options.resumeAt },
    );
    this.options.sink?.status(ended, 'completed');
    await changes.signal(ended, { op: 'ended', state: 'completed', resumeAt: options.resumeAt });
    this.options.events.emit('changed');
    return { ok: true, value: ended };
  }

  /** The form the citizen is filling in, for the agent's view. */
  async form(handoverId: string): Promise<ActionResult<HandoverSignal & { op: 'describe' }>> {
    const handover = this.options.cache.byId(handoverId) ?? (await this.options.handovers.findHandover(handoverId));
    if (!handover) return fail('not_found');
    return { ok: true, value: await this.options.relay.signal(handover.address, { op: 'describe' }) };
  }

  /** An agent corrects an answer of the citizen's form. */
  async correctField(
    agent: Agent,
    handoverId: string,
    path: string,
    value: string,
  ): Promise<ActionResult<NonNullable<(HandoverSignal & { op: 'correct' })['result']>>> {
    const owned = this.options.changes.owned(agent, handoverId);
    if (!owned.ok) return owned;
    const signal: HandoverSignal & { op: 'correct' } = { op: 'correct', path, value };
    const { result } = await this.options.relay.signal(owned.value.address, signal);
    if (!result) return fail('invalid');
    if (result.ok) await this.options.audit.handover(agent, 'form.corrected', owned.value, { path });
    return { ok: true, value: result };
  }

  async addNote(agent: Agent, handoverId: string, text: string): Promise<ActionResult<HandoverNote>> {
    const handover = this.options.cache.byId(handoverId) ?? (await this.options.handovers.findHandover(handoverId));
    if (!handover) return fail('not_found');
    const note = await this.options.handovers.addNote({
      handoverId,
      conversationId: handover.conversationId,
      authorId: agent.id,
      authorName: agent.name,
      text,
    });
    this.options.events.emit('note', note);
    return { ok: true, value: note };
  }

  /** A contact-centre system took the chat (`handoff.status` accepted from the webhook). */
  async externalAccept(handoverId: string, agentName: string): Promise<ActionResult> {
    const { changes } = this.options;
    const handover = this.options.cache.byId(handoverId);
    if (!handover) return fail('not_found');
    const accepted = await changes.transition(handover, ['queued'], {
      status: 'connected',
      acceptedAt: changes.iso(),
      agentName,
      external: true,
    });
    if (!accepted) return fail('taken');
    await this.options.audit.handover({ id: undefined, name: agentName }, 'handover.accepted', accepted, {
      external: true,
    });
    await changes.signal(accepted, { op: 'accepted', agentName, transferred: false });
    await this.options.wait.refresh();
    changes.queueMoved();
    return { ok: true, value: accepted };
  }

  /** A message or typing from the contact-centre system's agent. */
  async externalMessage(handoverId: string, agentName: string, text: string | undefined): Promise<ActionResult> {
    const { changes } = this.options;
    const handover = changes.connectedById(handoverId);
    if (!handover.ok) return handover;
    if (!handover.value.external) return fail('not_yours');
    if (text === undefined) {
      await changes.signal(handover.value, { op: 'typing', agentName });
      return handover;
    }
    return changes.relayAgentMessage(handover.value, agentName, text);
  }

  /** The contact-centre system could not take a queued chat. */
  async externalFail(handoverId: string): Promise<ActionResult> {
    const handover = this.options.cache.byId(handoverId);
    if (!handover) return fail('not_found');
    // While agents of the built-in console are online, they may still take it.
    if (this.options.presence.onlineCount(handover.tenantId) > 0) return { ok: true, value: handover };
    return this.options.changes.failQueued(handover, 'nobody');
  }
}

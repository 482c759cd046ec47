import type { HandoverRepository, TranscriptRepository } from '../storage/repositories.js';
import { DEFAULT_TENANT } from '../tenants/types.js';
import type { HandoffSink } from './HandoffSink.js';
import type { Actor, HandoverAudit } from './HandoverAudit.js';
import type { HandoverCache } from './HandoverCache.js';
import type { HandoverChanges } from './HandoverChanges.js';
import type { HandoverReplication } from './HandoverReplication.js';
import type { HandoverEvents } from './HandoverServiceOptions.js';
import type { Handover, NewHandover } from './types.js';

/** Why a handover cannot start now; the bot then offers a contact request. */
export type Unavailable = { why: 'closed'; nextOpening: Date | undefined } | { why: 'nobody' };

export type RequestResult =
  | { kind: 'queued'; handover: Handover; position: number; waitSeconds: number }
  | { kind: 'already'; handover: Handover; position: number | undefined; waitSeconds: number | undefined }
  | ({ kind: 'unavailable' } & Unavailable);

export interface CitizenActionsOptions {
  handovers: Pick<HandoverRepository, 'createHandover' | 'findActiveHandover'>;
  transcripts: Pick<TranscriptRepository, 'listActivities'>;
  cache: Pick<HandoverCache, 'get' | 'set' | 'positionOf' | 'told'>;
  changes: HandoverChanges;
  replication: Pick<HandoverReplication, 'announce'>;
  audit: HandoverAudit;
  sink: HandoffSink | undefined;
  /** Whether a person could take a chat now. */
  availability: (tenantId: string) => { open: true } | ({ open: false } & Unavailable);
  /** Seconds until a person is likely free for the chat at `position`. */
  estimateWait: (position: number, tenantId: string) => number;
  events: HandoverEvents;
}

/** The actor of what the citizen did themselves, in the audit log (no id: citizens have no account). */
const CITIZEN: Actor = { id: undefined, name: 'citizen' };

/**
 * The citizen's side of a handover: asking for a person, going back to the bot, deleting the conversation, and what
 * they type and write meanwhile.
 */
export class CitizenActions {
  constructor(private readonly options: CitizenActionsOptions) {}

  /** Queues the conversation for a person, unless it is queued already or nobody can take it. */
  async request(input: Omit<NewHandover, 'requestedAt'>): Promise<RequestResult> {
    const { cache, estimateWait, sink } = this.options;
    const existing = cache.get(input.conversationId);
    if (existing) {
      const position = cache.positionOf(existing.id);
      return {
        kind: 'already',
        handover: existing,
        position,
        waitSeconds: position === undefined ? undefined : estimateWait(position, existing.tenantId),
      };
    }
    const availability = this.options.availability(input.tenantId ?? DEFAULT_TENANT);
    if (!availability.open) {
      const { open: _open, ...unavailable } = availability;
      return { kind: 'unavailable', ...unavailable };
    }
    const handover = await this.options.handovers.createHandover({ ...input, requestedAt: this.options.changes.iso() });
    cache.set(handover);
    this.options.replication.announce(handover);
    await this.options.audit.handover(undefined, 'handover.requested', handover, { reason: handover.reason });
    if (sink) sink.initiate(handover, await this.options.transcripts.listActivities(handover.conversationId, 500));
    this.options.events.emit('changed');
    const position = cache.positionOf(handover.id) ?? 1;
    cache.told(handover.id, position);
    return { kind: 'queued', handover, position, waitSeconds: estimateWait(position, handover.tenantId) };
  }

  /** The citizen goes back to the bot before a person took the chat. */
  async cancel(conversationId: string): Promise<Handover | undefined> {
    const { changes } = this.options;
    const handover = this.options.cache.get(conversationId);
    if (handover?.status !== 'queued') return undefined;
    const cancelled = await changes.transition(handover, ['queued'], { status: 'cancelled', endedAt: changes.iso() });
    if (!cancelled) return undefined;
    await this.options.audit.handover(undefined, 'handover.cancelled', cancelled, {});
    this.options.sink?.status(cancelled, 'failed', 'cancelled by the citizen');
    changes.queueMoved();
    return cancelled;
  }

  /**
   * The citizen deleted the conversation ("Chat löschen"): a waiting chat leaves the queue (`cancelled`), a connected
   * one ends (`completed`, without an outcome), and the consoles and the contact-centre system learn it as of any other
   * end. The citizen is not told, the conversation being gone; so this may run inside the conversation's own turn.
   */
  async erased(conversationId: string): Promise<Handover | undefined> {
    let handover = this.options.cache.get(conversationId);
    // An agent may take the chat (or lose it to the queue) in the meantime: then it is ended as it is now.
    for (let attempt = 0; handover && attempt < 3; attempt += 1) {
      const ended = await this.endErased(handover);
      if (ended) return ended;
      handover = await this.options.handovers.findActiveHandover(conversationId);
    }
    return undefined;
  }

  /** The citizen is typing in a conversation a person has. */
  typing(conversationId: string): void {
    const handover = this.options.cache.get(conversationId);
    if (handover?.status === 'connected') this.options.events.emit('typing', handover);
  }

  /**
   * Mirrors a message of a conversation with an active handover to the consoles (and, while a contact-centre system
   * has the chat, the citizen's messages to it).
   */
  observe(conversationId: string, activity: Record<string, unknown>): void {
    const handover = this.options.cache.get(conversationId);
    if (!handover) return;
    this.options.events.emit('activity', handover, activity);
    const from = activity.from as { role?: unknown } | undefined;
    if (handover.external && handover.status === 'connected' && from?.role === 'user') {
      this.options.sink?.message(handover, activity);
    }
  }

  private async endErased(handover: Handover): Promise<Handover | undefined> {
    const { changes } = this.options;
    const queued = handover.status === 'queued';
    const ended = await changes.transition(handover, [handover.status], {
      status: queued ? 'cancelled' : 'completed',
      endedAt: changes.iso(),
    });
    if (!ended) return undefined;
    await this.options.audit.handover(CITIZEN, queued ? 'handover.cancelled' : 'handover.ended', ended, {
      erased: true,
    });
    this.options.sink?.status(ended, queued ? 'failed' : 'completed', 'conversation deleted by the citizen');
    if (queued) changes.queueMoved();
    else this.options.events.emit('changed');
    return ended;
  }
}

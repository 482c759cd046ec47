import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import type { Cluster, ClusterBus } from '../cluster/Cluster.js';
import type { Logger } from '../logger.js';
import type {
  AuditRepository,
  HandoverPatch,
  HandoverRepository,
  TranscriptEntry,
  TranscriptRepository,
} from '../storage/repositories.js';
import { ClusterPresence } from './ClusterPresence.js';
import {
  HANDOVER_TOPICS,
  HandoverChanged,
  type PeerAgent,
  PositionsTold,
  parseClusterMessage,
} from './clusterMessages.js';
import type { ServiceHours } from './ServiceHours.js';
import type { CitizenRelay, HandoverSignal } from './signals.js';
import {
  ACTIVE_STATUSES,
  type Handover,
  type HandoverNote,
  type HandoverOutcome,
  type HandoverStatus,
  type NewHandover,
} from './types.js';

/** A staff member acting in the console (or a contact-centre system acting through the webhook). */
export interface Actor {
  id: string | undefined;
  name: string;
}

export type PresenceStatus = 'online' | 'away';

export interface AgentInfo {
  id: string;
  name: string;
  status: PresenceStatus | 'offline';
  /** Connected chats. */
  chats: number;
}

export interface QueueEntry {
  handover: Handover;
  position: number;
  waitedSeconds: number;
}

/** Why a handover cannot start now; the bot then offers a contact request. */
export type Unavailable = { why: 'closed'; nextOpening: Date | undefined } | { why: 'nobody' };

export type RequestResult =
  | { kind: 'queued'; handover: Handover; position: number; waitSeconds: number }
  | { kind: 'already'; handover: Handover; position: number | undefined; waitSeconds: number | undefined }
  | ({ kind: 'unavailable' } & Unavailable);

export type ActionResult<T = Handover> = { ok: true; value: T } | { ok: false; error: ActionError };
export type ActionError =
  | 'not_found'
  | 'taken'
  | 'not_yours'
  | 'not_connected'
  | 'capacity'
  | 'away'
  | 'unknown_agent'
  | 'invalid';

/**
 * Receives the handover protocol's events for a contact-centre system (see `HandoffWebhook`): `handoff.initiate`
 * with the transcript, `handoff.status` on every change, and the citizen's messages while it has the chat.
 */
export interface HandoffSink {
  initiate(handover: Handover, transcript: TranscriptEntry[]): void;
  status(handover: Handover, state: 'accepted' | 'failed' | 'completed', message?: string): void;
  message(handover: Handover, activity: Record<string, unknown>): void;
}

export interface HandoverServiceOptions {
  handovers: HandoverRepository;
  audit: AuditRepository;
  transcripts: TranscriptRepository;
  relay: CitizenRelay;
  /** The service centre's hours; without, it is always open. */
  hours: ServiceHours | undefined;
  /** Concurrent chats one agent may have. */
  maxChatsPerAgent: number;
  /** A contact-centre system that may take chats too; while one is configured, chats queue without agents online. */
  sink?: HandoffSink;
  logger: Logger;
  /** Wait assumed before any handover was accepted. */
  defaultWaitSeconds?: number;
  /** How long an agent may be disconnected (a reload, a network change) before their chats go back to the queue. */
  reconnectGraceMs?: number;
  /** The other instances when several run behind a load balancer; without (or not shared), this one is alone. */
  cluster?: Cluster;
  /** How often this instance announces its agents to the others; default 10 s. */
  presenceHeartbeatMs?: number;
  /** How long another instance's agents count without its announcement (it died); default 30 s. */
  presenceTtlMs?: number;
  now?: () => Date;
}

export interface HandoverServiceEvents {
  /** The queue, presence or a handover changed: consoles refresh their overview. */
  changed: [];
  /** A message in a conversation with an active handover, from the citizen, the bot or an agent. */
  activity: [Handover, Record<string, unknown>];
  /** The citizen is typing. */
  typing: [Handover];
  note: [HandoverNote];
  /** A handover's status or agent changed. */
  handover: [Handover];
}

/** The actor of what the citizen did themselves, in the audit log (no id: citizens have no account). */
const CITIZEN: Actor = { id: undefined, name: 'citizen' };
const RECENT_WAITS = 20;
const DEFAULT_WAIT_SECONDS = 180;
const DEFAULT_RECONNECT_GRACE_MS = 60_000;
const DEFAULT_PRESENCE_HEARTBEAT_MS = 10_000;
const DEFAULT_PRESENCE_TTL_MS = 30_000;
/** An agent on several instances (tabs the load balancer spread) shows their most available status. */
const STATUS_RANK: Record<AgentInfo['status'], number> = { offline: 0, away: 1, online: 2 };

interface Presence {
  info: AgentInfo;
  sockets: number;
  offlineTimer: NodeJS.Timeout | undefined;
}

/**
 * The service centre's side of a conversation: the queue of chats waiting for a person, who is online, taking a chat,
 * talking, transferring and handing back. Handovers live in the database (so the queue survives a restart); presence
 * lives here. Everything the citizen is told goes through the `CitizenRelay`, as a turn of their conversation.
 *
 * Beside other instances (`cluster.shared`), each keeps its own cache of the active handovers and its own presence
 * (the consoles connected to it). The rule: what reaches consoles through a room or the whole namespace (`activity`,
 * `typing`, `note`, `handover`) is emitted only by the instance where it happened, the Socket.IO Redis adapter taking
 * it to the others; the bus only replicates state (which handover changed, who is online where, which queue
 * positions were told), and an instance applying it emits `changed` alone, for its own consoles' overviews. Whoever
 * makes a change tells the citizens it concerns; the others never do.
 */
export class HandoverService extends EventEmitter<HandoverServiceEvents> {
  private readonly active = new Map<string, Handover>();
  private readonly presence = new Map<string, Presence>();
  private averageWaitSeconds: number;
  private ticker: NodeJS.Timeout | undefined;
  private readonly lastPositions = new Map<string, number>();
  /** The bus to the other instances; undefined when alone. */
  private readonly bus: ClusterBus | undefined;
  /** The agents of the other instances; undefined when alone. */
  private readonly peers: ClusterPresence | undefined;
  private readonly unsubscribes: (() => void)[] = [];
  /** Work on the cache from the bus and the start's load, in arrival order. */
  private replication: Promise<void> = Promise.resolve();

  constructor(private readonly options: HandoverServiceOptions) {
    super();
    this.averageWaitSeconds = options.defaultWaitSeconds ?? DEFAULT_WAIT_SECONDS;
    const { cluster } = options;
    if (cluster?.shared) {
      this.bus = cluster.bus;
      this.peers = new ClusterPresence({
        cluster,
        logger: options.logger,
        local: () => this.localAgents(),
        onChange: () => this.emit('changed'),
        onInstanceLost: (agents) => this.instanceLost(agents),
        heartbeatMs: options.presenceHeartbeatMs ?? DEFAULT_PRESENCE_HEARTBEAT_MS,
        ttlMs: options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS,
      });
    }
  }

  /** Loads the active handovers and starts the periodic queue upkeep (and, beside other instances, listening). */
  async start(tickMs = 15_000): Promise<void> {
    if (this.bus) {
      this.unsubscribes.push(
        this.bus.subscribe(HANDOVER_TOPICS.changed, (message, from) => this.receivedChange(message, from)),
        this.bus.subscribe(HANDOVER_TOPICS.positions, (message, from) => this.receivedPositions(message, from)),
      );
      this.peers?.start();
    }
    // Changes announced while loading are applied after the load, which cannot overwrite them then.
    await this.serially(() => this.load());
    await this.refreshAverageWait();
    this.ticker = setInterval(() => {
      void this.tick().catch((error: unknown) => this.options.logger.error({ err: error }, 'handover tick failed'));
    }, tickMs);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const presence of this.presence.values()) if (presence.offlineTimer) clearTimeout(presence.offlineTimer);
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.peers?.stop();
  }

  /** The conversation's queued or connected handover. */
  activeFor(conversationId: string): Handover | undefined {
    return this.active.get(conversationId);
  }

  /** Whether a person could take a chat now. */
  availability(): { open: true } | ({ open: false } & Unavailable) {
    const now = this.now();
    const { hours } = this.options;
    if (hours && !hours.isOpen(now)) return { open: false, why: 'closed', nextOpening: hours.nextOpening(now) };
    if (!this.options.sink && !this.agentList().some((agent) => agent.status === 'online')) {
      return { open: false, why: 'nobody' };
    }
    return { open: true };
  }

  /** The opening hours, one line per slot, for the bot's messages. */
  describeHours(lang: 'de' | 'en'): string[] {
    return this.options.hours?.describe(lang) ?? [];
  }

  /** Queues the conversation for a person, unless it is queued already or nobody can take it. */
  async request(input: Omit<NewHandover, 'requestedAt'>): Promise<RequestResult> {
    const existing = this.active.get(input.conversationId);
    if (existing) {
      const position = this.positionOf(existing.id);
      return {
        kind: 'already',
        handover: existing,
        position,
        waitSeconds: position === undefined ? undefined : this.estimateWait(position),
      };
    }
    const availability = this.availability();
    if (!availability.open) {
      const { open: _open, ...unavailable } = availability;
      return { kind: 'unavailable', ...unavailable };
    }
    const handover = await this.options.handovers.createHandover({ ...input, requestedAt: this.now().toISOString() });
    this.active.set(handover.conversationId, handover);
    this.announce(handover);
    await this.audit(undefined, 'handover.requested', handover, { reason: handover.reason });
    if (this.options.sink) {
      this.options.sink.initiate(handover, await this.options.transcripts.listActivities(handover.conversationId, 500));
    }
    this.emit('changed');
    const position = this.positionOf(handover.id) ?? 1;
    this.lastPositions.set(handover.id, position);
    return { kind: 'queued', handover, position, waitSeconds: this.estimateWait(position) };
  }

  /** The citizen goes back to the bot before a person took the chat. */
  async cancel(conversationId: string): Promise<Handover | undefined> {
    const handover = this.active.get(conversationId);
    if (handover?.status !== 'queued') return undefined;
    const cancelled = await this.transition(handover, ['queued'], { status: 'cancelled', endedAt: this.iso() });
    if (!cancelled) return undefined;
    await this.audit(undefined, 'handover.cancelled', cancelled, {});
    this.options.sink?.status(cancelled, 'failed', 'cancelled by the citizen');
    this.queueMoved();
    return cancelled;
  }

  /**
   * The citizen deleted the conversation ("Chat löschen"): a waiting chat leaves the queue (`cancelled`), a connected
   * one ends (`completed`, without an outcome), and the consoles and the contact-centre system learn it as of any other
   * end. The citizen is not told, the conversation being gone; so this may run inside the conversation's own turn.
   */
  async citizenErased(conversationId: string): Promise<Handover | undefined> {
    let handover = this.active.get(conversationId);
    // An agent may take the chat (or lose it to the queue) in the meantime: then it is ended as it is now.
    for (let attempt = 0; handover && attempt < 3; attempt += 1) {
      const ended = await this.endErased(handover);
      if (ended) return ended;
      handover = await this.options.handovers.findActiveHandover(conversationId);
    }
    return undefined;
  }

  /** The waiting chats, oldest first. */
  queue(): QueueEntry[] {
    const now = this.now().getTime();
    return [...this.active.values()]
      .filter((handover) => handover.status === 'queued')
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
      .map((handover, index) => ({
        handover,
        position: index + 1,
        waitedSeconds: Math.max(0, Math.round((now - Date.parse(handover.requestedAt)) / 1000)),
      }));
  }

  /** Connected chats, of one agent or all. */
  connected(agentId?: string): Handover[] {
    return [...this.active.values()].filter(
      (handover) => handover.status === 'connected' && (agentId === undefined || handover.agentId === agentId),
    );
  }

  /** The agents of this instance and of the others. */
  agentList(): AgentInfo[] {
    const agents = new Map<string, AgentInfo>();
    const add = ({ id, name, status }: Pick<AgentInfo, 'id' | 'name' | 'status'>) => {
      const known = agents.get(id);
      if (!known || STATUS_RANK[status] > STATUS_RANK[known.status]) agents.set(id, { id, name, status, chats: 0 });
    };
    for (const presence of this.presence.values()) add(presence.info);
    for (const agent of this.peers?.agents() ?? []) add(agent);
    return [...agents.values()]
      .map((agent) => ({ ...agent, chats: this.connected(agent.id).length }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** An agent's console connected; they start `online` unless they had chosen `away` in another tab. */
  agentConnected(agent: { id: string; name: string }): void {
    const presence = this.presence.get(agent.id);
    if (presence) {
      presence.sockets += 1;
      if (presence.offlineTimer) clearTimeout(presence.offlineTimer);
      presence.offlineTimer = undefined;
      if (presence.info.status === 'offline') presence.info.status = 'online';
    } else {
      this.presence.set(agent.id, {
        info: { id: agent.id, name: agent.name, status: 'online', chats: 0 },
        sockets: 1,
        offlineTimer: undefined,
      });
      void this.auditActor(agent, 'agent.online', undefined, {});
    }
    this.peers?.announce();
    this.emit('changed');
  }

  /** An agent's console disconnected; after a grace period without a console their chats go back to the queue. */
  agentDisconnected(agentId: string): void {
    const presence = this.presence.get(agentId);
    if (!presence) return;
    presence.sockets = Math.max(0, presence.sockets - 1);
    if (presence.sockets > 0) return;
    this.peers?.announce();
    presence.offlineTimer = setTimeout(() => {
      void this.agentGone(agentId).catch((error: unknown) =>
        this.options.logger.error({ err: error }, 'handover: returning chats to the queue failed'),
      );
    }, this.options.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS);
    presence.offlineTimer.unref();
  }

  setPresence(agentId: string, status: PresenceStatus): void {
    const presence = this.presence.get(agentId);
    if (!presence || presence.info.status === status) return;
    presence.info.status = status;
    void this.auditActor(presence.info, `agent.${status}`, undefined, {});
    this.peers?.announce();
    this.emit('changed');
  }

  /** An agent takes a waiting chat. */
  async accept(agent: Actor & { id: string }, handoverId: string): Promise<ActionResult> {
    const handover = this.byId(handoverId);
    if (!handover) return fail('not_found');
    if (handover.status !== 'queued') return fail('taken');
    const presence = this.presence.get(agent.id);
    if (presence?.info.status === 'away') return fail('away');
    if (this.connected(agent.id).length >= this.options.maxChatsPerAgent) return fail('capacity');
    const accepted = await this.transition(handover, ['queued'], {
      status: 'connected',
      acceptedAt: this.iso(),
      agentId: agent.id,
      agentName: agent.name,
    });
    if (!accepted) return fail('taken');
    await this.audit(agent, 'handover.accepted', accepted, {
      waitedMs: Date.parse(accepted.acceptedAt ?? '') - Date.parse(accepted.requestedAt),
    });
    this.options.sink?.status(accepted, 'accepted', `taken in the console by ${agent.name}`);
    await this.signal(accepted, { op: 'accepted', agentName: agent.name, transferred: false });
    await this.refreshAverageWait();
    this.queueMoved();
    return { ok: true, value: accepted };
  }

  /** An agent writes to the citizen. */
  async agentMessage(agent: Actor & { id: string }, handoverId: string, text: string): Promise<ActionResult> {
    const owned = this.owned(agent, handoverId);
    if (!owned.ok) return owned;
    return this.relayAgentMessage(owned.value, agent.name, text);
  }

  agentTyping(agent: Actor & { id: string }, handoverId: string): void {
    const owned = this.owned(agent, handoverId);
    if (owned.ok) void this.signal(owned.value, { op: 'typing', agentName: agent.name }).catch(() => undefined);
  }

  /** The citizen is typing in a conversation a person has. */
  citizenTyping(conversationId: string): void {
    const handover = this.active.get(conversationId);
    if (handover?.status === 'connected') this.emit('typing', handover);
  }

  /** Hands a connected chat to another online agent (whichever instance their console is connected to). */
  async transfer(agent: Actor & { id: string }, handoverId: string, toAgentId: string): Promise<ActionResult> {
    const owned = this.owned(agent, handoverId);
    if (!owned.ok) return owned;
    const target = this.agentList().find((candidate) => candidate.id === toAgentId);
    if (!target || target.status === 'offline' || toAgentId === agent.id) return fail('unknown_agent');
    if (target.status === 'away') return fail('away');
    if (target.chats >= this.options.maxChatsPerAgent) return fail('capacity');
    const moved = await this.transition(owned.value, ['connected'], { agentId: target.id, agentName: target.name });
    if (!moved) return fail('not_connected');
    await this.audit(agent, 'handover.transferred', moved, { from: agent.name, to: target.name });
    await this.signal(moved, { op: 'accepted', agentName: target.name, transferred: true });
    this.emit('changed');
    return { ok: true, value: moved };
  }

  /**
   * Ends a connected chat: the bot takes over again, at the form step `resumeAt` if one is given. `actor` undefined
   * is the contact-centre system.
   */
  async end(
    agent: (Actor & { id: string }) | undefined,
    handoverId: string,
    options: { outcome: HandoverOutcome; resumeAt?: string },
  ): Promise<ActionResult> {
    const handover = agent ? this.owned(agent, handoverId) : this.connectedById(handoverId);
    if (!handover.ok) return handover;
    const ended = await this.transition(handover.value, ['connected'], {
      status: 'completed',
      endedAt: this.iso(),
      outcome: options.outcome,
    });
    if (!ended) return fail('not_connected');
    await this.audit(agent ?? { id: undefined, name: ended.agentName ?? 'extern' }, 'handover.ended', ended, {
      outcome: options.outcome,
      resumeAt: options.resumeAt,
    });
    this.options.sink?.status(ended, 'completed');
    await this.signal(ended, { op: 'ended', state: 'completed', resumeAt: options.resumeAt });
    this.emit('changed');
    return { ok: true, value: ended };
  }

  /** The form the citizen is filling in, for the agent's view. */
  async form(handoverId: string): Promise<ActionResult<HandoverSignal & { op: 'describe' }>> {
    const handover = this.byId(handoverId) ?? (await this.options.handovers.findHandover(handoverId));
    if (!handover) return fail('not_found');
    return { ok: true, value: await this.options.relay.signal(handover.address, { op: 'describe' }) };
  }

  /** An agent corrects an answer of the citizen's form. */
  async correctField(
    agent: Actor & { id: string },
    handoverId: string,
    path: string,
    value: string,
  ): Promise<ActionResult<NonNullable<(HandoverSignal & { op: 'correct' })['result']>>> {
    const owned = this.owned(agent, handoverId);
    if (!owned.ok) return owned;
    const signal: HandoverSignal & { op: 'correct' } = { op: 'correct', path, value };
    const { result } = await this.options.relay.signal(owned.value.address, signal);
    if (!result) return fail('invalid');
    if (result.ok) await this.audit(agent, 'form.corrected', owned.value, { path });
    return { ok: true, value: result };
  }

  async addNote(agent: Actor & { id: string }, handoverId: string, text: string): Promise<ActionResult<HandoverNote>> {
    const handover = this.byId(handoverId) ?? (await this.options.handovers.findHandover(handoverId));
    if (!handover) return fail('not_found');
    const note = await this.options.handovers.addNote({
      handoverId,
      conversationId: handover.conversationId,
      authorId: agent.id,
      authorName: agent.name,
      text,
    });
    this.emit('note', note);
    return { ok: true, value: note };
  }

  /** A contact-centre system took the chat (`handoff.status` accepted from the webhook). */
  async externalAccept(handoverId: string, agentName: string): Promise<ActionResult> {
    const handover = this.byId(handoverId);
    if (!handover) return fail('not_found');
    const accepted = await this.transition(handover, ['queued'], {
      status: 'connected',
      acceptedAt: this.iso(),
      agentName,
      external: true,
    });
    if (!accepted) return fail('taken');
    await this.audit({ id: undefined, name: agentName }, 'handover.accepted', accepted, { external: true });
    await this.signal(accepted, { op: 'accepted', agentName, transferred: false });
    await this.refreshAverageWait();
    this.queueMoved();
    return { ok: true, value: accepted };
  }

  /** A message or typing from the contact-centre system's agent. */
  async externalMessage(handoverId: string, agentName: string, text: string | undefined): Promise<ActionResult> {
    const handover = this.connectedById(handoverId);
    if (!handover.ok) return handover;
    if (!handover.value.external) return fail('not_yours');
    if (text === undefined) {
      await this.signal(handover.value, { op: 'typing', agentName });
      return handover;
    }
    return this.relayAgentMessage(handover.value, agentName, text);
  }

  /** The contact-centre system could not take a queued chat. */
  async externalFail(handoverId: string): Promise<ActionResult> {
    const handover = this.byId(handoverId);
    if (!handover) return fail('not_found');
    // While agents of the built-in console are online, they may still take it.
    if (this.agentList().some((agent) => agent.status === 'online')) return { ok: true, value: handover };
    return this.failQueued(handover, 'nobody');
  }

  /**
   * Mirrors a message of a conversation with an active handover to the consoles (and, while a contact-centre system
   * has the chat, the citizen's messages to it). Called by `HandoverMirror` for every stored message.
   */
  observe(conversationId: string, activity: Record<string, unknown>): void {
    const handover = this.active.get(conversationId);
    if (!handover) return;
    this.emit('activity', handover, activity);
    const from = activity.from as { role?: unknown } | undefined;
    if (handover.external && handover.status === 'connected' && from?.role === 'user') {
      this.options.sink?.message(handover, activity);
    }
  }

  /** Position in the queue (1 = next), undefined when not queued. */
  positionOf(handoverId: string): number | undefined {
    return this.queue().find((entry) => entry.handover.id === handoverId)?.position;
  }

  /** Seconds until a person is likely free for the chat at `position`. */
  estimateWait(position: number): number {
    const agents = this.agentList().filter((agent) => agent.status === 'online').length;
    return Math.round((this.averageWaitSeconds * position) / Math.max(1, agents));
  }

  /** Periodic upkeep: fail waiting chats nobody can take, tell citizens their new place. */
  async tick(): Promise<void> {
    const availability = this.availability();
    if (!availability.open) {
      for (const entry of this.queue()) await this.failQueued(entry.handover, availability.why);
      return;
    }
    this.queueMoved();
  }

  private async failQueued(handover: Handover, why: 'closed' | 'nobody'): Promise<ActionResult> {
    const failed = await this.transition(handover, ['queued'], { status: 'failed', endedAt: this.iso() });
    if (!failed) return fail('taken');
    await this.audit(undefined, 'handover.failed', failed, { why });
    this.options.sink?.status(failed, 'failed', why);
    await this.signal(failed, { op: 'ended', state: 'failed', why });
    this.emit('changed');
    return { ok: true, value: failed };
  }

  private async endErased(handover: Handover): Promise<Handover | undefined> {
    const queued = handover.status === 'queued';
    const ended = await this.transition(handover, [handover.status], {
      status: queued ? 'cancelled' : 'completed',
      endedAt: this.iso(),
    });
    if (!ended) return undefined;
    await this.audit(CITIZEN, queued ? 'handover.cancelled' : 'handover.ended', ended, { erased: true });
    this.options.sink?.status(ended, queued ? 'failed' : 'completed', 'conversation deleted by the citizen');
    if (queued) this.queueMoved();
    else this.emit('changed');
    return ended;
  }

  /** An agent stayed away past the grace period: their chats wait for someone else. */
  private async agentGone(agentId: string): Promise<void> {
    const presence = this.presence.get(agentId);
    if (!presence || presence.sockets > 0) return;
    presence.offlineTimer = undefined;
    // The load balancer took their console to another instance: the chats stay theirs, only this instance lets go.
    if (this.peers?.connectedElsewhere(agentId)) {
      this.presence.delete(agentId);
      this.peers.announce();
      this.emit('changed');
      return;
    }
    presence.info.status = 'offline';
    await this.auditActor(presence.info, 'agent.offline', undefined, {});
    for (const handover of this.connected(agentId)) {
      // The agent fields keep the last person, so the next one sees who had the chat before.
      const requeued = await this.transition(handover, ['connected'], { status: 'queued' });
      if (!requeued) continue;
      await this.audit(presence.info, 'handover.requeued', requeued, {});
      const position = this.positionOf(requeued.id) ?? 1;
      this.lastPositions.set(requeued.id, position);
      await this.signal(requeued, { op: 'requeued', position, waitSeconds: this.estimateWait(position) });
    }
    this.presence.delete(agentId);
    this.peers?.announce();
    this.emit('changed');
  }

  /**
   * An agent has chats but no console here yet (after a restart, or their instance died): they have the grace period
   * to come back, here or on another instance, before the chats go back to the queue.
   */
  private awaitReturn(agent: { id: string; name: string }): void {
    this.presence.set(agent.id, {
      info: { ...agent, status: 'online', chats: 0 },
      sockets: 1,
      offlineTimer: undefined,
    });
    this.agentDisconnected(agent.id);
  }

  private async load(): Promise<void> {
    for (const handover of await this.options.handovers.listActiveHandovers()) {
      this.active.set(handover.conversationId, handover);
      // After a restart nobody is connected yet: an agent who does not come back within the grace period loses
      // their chats to the queue, as after any disconnect.
      if (handover.status === 'connected' && handover.agentId && !this.presence.has(handover.agentId)) {
        this.awaitReturn({ id: handover.agentId, name: handover.agentName ?? '' });
      }
    }
    // The other instances told the waiting citizens their places; a new instance must not tell them again.
    if (this.bus) for (const entry of this.queue()) this.lastPositions.set(entry.handover.id, entry.position);
  }

  /** Tells every waiting citizen whose place changed, and the consoles. */
  /**
   * Not awaited: `cancel` runs inside the cancelling citizen's turn, and waiting there for the turns of the others
   * would let two citizens who cancel at once wait for each other for ever.
   */
  private queueMoved(): void {
    this.emit('changed');
    const told: { handoverId: string; position: number }[] = [];
    for (const entry of this.queue()) {
      if (this.lastPositions.get(entry.handover.id) === entry.position) continue;
      this.lastPositions.set(entry.handover.id, entry.position);
      told.push({ handoverId: entry.handover.id, position: entry.position });
      void this.signal(entry.handover, {
        op: 'queue',
        position: entry.position,
        waitSeconds: this.estimateWait(entry.position),
      });
    }
    if (told.length > 0) this.publish(HANDOVER_TOPICS.positions, { positions: told });
  }

  /** Sends a person's message to the citizen; the first one of a chat is recorded for the analytics. */
  private async relayAgentMessage(handover: Handover, agentName: string, text: string): Promise<ActionResult> {
    let current = handover;
    if (current.firstAgentReplyAt === undefined) {
      current = (await this.transition(current, ['connected'], { firstAgentReplyAt: this.iso() })) ?? current;
    }
    await this.signal(current, { op: 'message', agentName, text });
    return { ok: true, value: current };
  }

  private owned(agent: Actor & { id: string }, handoverId: string): ActionResult {
    const handover = this.connectedById(handoverId);
    if (!handover.ok) return handover;
    return handover.value.agentId === agent.id ? handover : fail('not_yours');
  }

  private connectedById(handoverId: string): ActionResult {
    const handover = this.byId(handoverId);
    if (!handover) return fail('not_found');
    return handover.status === 'connected' ? { ok: true, value: handover } : fail('not_connected');
  }

  private byId(handoverId: string): Handover | undefined {
    for (const handover of this.active.values()) if (handover.id === handoverId) return handover;
    return undefined;
  }

  private async transition(
    handover: Handover,
    from: readonly HandoverStatus[],
    patch: HandoverPatch,
  ): Promise<Handover | undefined> {
    const updated = await this.options.handovers.transitionHandover(handover.id, from, patch);
    if (!updated) return undefined;
    if (updated.status === 'queued' || updated.status === 'connected') {
      this.active.set(updated.conversationId, updated);
    } else {
      this.active.delete(updated.conversationId);
      this.lastPositions.delete(updated.id);
    }
    this.announce(updated);
    this.emit('handover', updated);
    return updated;
  }

  /** Tells the other instances to refresh the handover. */
  private announce(handover: Handover): void {
    this.publish(HANDOVER_TOPICS.changed, {
      id: handover.id,
      conversationId: handover.conversationId,
      status: handover.status,
    } satisfies HandoverChanged);
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
    const before = this.active.get(changed.conversationId);
    // An ended handover stays ended; an active one may have changed again since: the database says how it is now.
    const current = ACTIVE_STATUSES.includes(changed.status)
      ? await this.options.handovers.findHandover(changed.id)
      : undefined;
    // A change made here meanwhile passed the database's compare-and-set after the announced one: it is as new.
    if (this.active.get(changed.conversationId) !== before) return;
    const positions = new Map(this.queue().map((entry) => [entry.handover.id, entry.position]));
    if (current && ACTIVE_STATUSES.includes(current.status)) {
      this.active.set(current.conversationId, current);
    } else {
      if (before?.id === changed.id) this.active.delete(changed.conversationId);
      this.lastPositions.delete(changed.id);
    }
    for (const { handover, position } of this.queue()) {
      if (positions.get(handover.id) !== position) this.lastPositions.set(handover.id, position);
    }
    if (before?.status === 'queued' && current?.status === 'connected') await this.refreshAverageWait();
    this.emit('changed');
  }

  /**
   * Another instance told citizens these places. When two instances changed the queue at once, one of them told
   * places that were already wrong; noting what was told makes the next tick here tell the right ones.
   */
  private receivedPositions(message: unknown, from: string): void {
    const told = this.parse(PositionsTold, message, HANDOVER_TOPICS.positions, from);
    if (!told) return;
    void this.serially(async () => {
      const queued = new Set(this.queue().map((entry) => entry.handover.id));
      for (const { handoverId, position } of told.positions) {
        if (queued.has(handoverId)) this.lastPositions.set(handoverId, position);
      }
    });
  }

  /** The instance that held these agents' consoles died: whoever does not come back in time loses their chats. */
  private instanceLost(agents: PeerAgent[]): void {
    for (const agent of agents) {
      if (this.presence.has(agent.id) || this.peers?.connectedElsewhere(agent.id)) continue;
      if (this.connected(agent.id).length > 0) this.awaitReturn({ id: agent.id, name: agent.name });
    }
  }

  /** This instance's agents, for the others. */
  private localAgents(): PeerAgent[] {
    return [...this.presence.values()].flatMap(({ info, sockets }) =>
      info.status === 'offline' ? [] : [{ id: info.id, name: info.name, status: info.status, connected: sockets > 0 }],
    );
  }

  /** Runs replication work after the work before it, so changes apply in the order they were announced. */
  private serially(task: () => Promise<void>): Promise<void> {
    const run = this.replication.then(task);
    this.replication = run.catch(() => undefined);
    return run;
  }

  private publish(topic: string, message: unknown): void {
    void this.bus
      ?.publish(topic, message)
      .catch((error: unknown) => this.options.logger.warn({ err: error, topic }, 'handover: cluster message not sent'));
  }

  private parse<T>(schema: z.ZodType<T>, message: unknown, topic: string, from: string): T | undefined {
    return parseClusterMessage(schema, message, { topic, from, logger: this.options.logger });
  }

  /** Tells the citizen; a channel that cannot be reached must not stop the service centre's work. */
  private async signal<S extends HandoverSignal>(handover: Handover, signal: S): Promise<void> {
    try {
      await this.options.relay.signal(handover.address, signal);
    } catch (error) {
      this.options.logger.warn(
        { err: error, conversationId: handover.conversationId, op: signal.op },
        'handover: could not reach the citizen',
      );
    }
  }

  private async refreshAverageWait(): Promise<void> {
    const waits = await this.options.handovers.recentWaits(RECENT_WAITS);
    if (waits.length === 0) return;
    this.averageWaitSeconds = Math.max(15, waits.reduce((sum, ms) => sum + ms, 0) / waits.length / 1000);
  }

  private async audit(
    actor: Actor | undefined,
    action: string,
    handover: Handover,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.auditActor(actor ?? { id: undefined, name: 'system' }, action, handover, {
      handoverId: handover.id,
      ...details,
    });
  }

  private async auditActor(
    actor: Actor,
    action: string,
    handover: Handover | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.options.audit.appendAudit({
      at: this.iso(),
      actorId: actor.id,
      actorName: actor.name,
      action,
      conversationId: handover?.conversationId,
      details,
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private iso(): string {
    return this.now().toISOString();
  }
}

function fail(error: ActionError): { ok: false; error: ActionError } {
  return { ok: false, error };
}

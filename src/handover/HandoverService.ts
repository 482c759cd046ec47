import { EventEmitter } from 'node:events';
import { DEFAULT_TENANT } from '../tenants/types.js';
import type { ActionResult } from './ActionResult.js';
import type { AgentActions } from './AgentActions.js';
import type { AgentInfo, AgentPresence, PresenceStatus, TenantScope } from './AgentPresence.js';
import { assembleHandoverParts } from './assembleHandoverParts.js';
import type { CitizenActions, RequestResult, Unavailable } from './CitizenActions.js';
import type { Actor } from './HandoverAudit.js';
import type { HandoverCache, QueueEntry } from './HandoverCache.js';
import type { HandoverChanges } from './HandoverChanges.js';
import type { HandoverReplication } from './HandoverReplication.js';
import type { HandoverServiceEvents, HandoverServiceOptions } from './HandoverServiceOptions.js';
import type { HandoverSignal } from './signals.js';
import type { Handover, HandoverNote, HandoverOutcome, NewHandover } from './types.js';
import type { WaitEstimate } from './WaitEstimate.js';

export type { ActionError, ActionResult } from './ActionResult.js';
export type { AgentInfo, PresenceStatus, TenantScope } from './AgentPresence.js';
export type { RequestResult, Unavailable } from './CitizenActions.js';
export type { HandoffSink } from './HandoffSink.js';
export type { Actor } from './HandoverAudit.js';
export type { QueueEntry } from './HandoverCache.js';
export type { HandoverServiceEvents, HandoverServiceOptions } from './HandoverServiceOptions.js';

type Agent = Actor & { id: string };

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
 *
 * The parts (`assembleHandoverParts`): `HandoverCache` (the active handovers, the queue), `AgentPresence` (who is
 * online, here and elsewhere), `HandoverReplication` (the bus), `HandoverChanges` (what every change goes through),
 * `AgentActions` (the console's and the contact-centre system's side), `CitizenActions` (the citizen's side),
 * `WaitEstimate`. This class is their one entry point, and starts, stops and ticks them.
 */
export class HandoverService extends EventEmitter<HandoverServiceEvents> {
  private readonly cache: HandoverCache;
  private readonly wait: WaitEstimate;
  private readonly replication: HandoverReplication;
  private readonly presence: AgentPresence;
  private readonly changes: HandoverChanges;
  private readonly agents: AgentActions;
  private readonly citizens: CitizenActions;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly options: HandoverServiceOptions) {
    super();
    const parts = assembleHandoverParts(options, this, () => this.now());
    this.cache = parts.cache;
    this.wait = parts.wait;
    this.replication = parts.replication;
    this.presence = parts.presence;
    this.changes = parts.changes;
    this.agents = parts.agents;
    this.citizens = parts.citizens;
  }

  /** Loads the active handovers and starts the periodic queue upkeep (and, beside other instances, listening). */
  async start(tickMs = 15_000): Promise<void> {
    this.replication.start();
    this.presence.start();
    // Changes announced while loading are applied after the load, which cannot overwrite them then.
    await this.replication.serially(() => this.load());
    await this.wait.refresh();
    this.ticker = setInterval(() => {
      void this.tick().catch((error: unknown) => this.options.logger.error({ err: error }, 'handover tick failed'));
    }, tickMs);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.replication.stop();
    this.presence.stop();
  }

  /** The conversation's queued or connected handover. */
  activeFor(conversationId: string): Handover | undefined {
    return this.cache.get(conversationId);
  }

  /** A queued or connected handover by its id. */
  byId(handoverId: string): Handover | undefined {
    return this.cache.byId(handoverId);
  }

  /**
   * Whether a person could take a chat now: the service centre is open, and (without a contact-centre system) an
   * agent is online, one who works for `tenantId` when it is given (without, the `default` tenant's hours count).
   */
  availability(tenantId?: string): { open: true } | ({ open: false } & Unavailable) {
    const now = this.now();
    const hours = this.options.hours(tenantId ?? DEFAULT_TENANT);
    if (hours && !hours.isOpen(now)) return { open: false, why: 'closed', nextOpening: hours.nextOpening(now) };
    if (!this.options.sink && this.presence.onlineCount(tenantId) === 0) return { open: false, why: 'nobody' };
    return { open: true };
  }

  /** Whether the service centre is open now by the tenant's hours (the `default` tenant's without one). */
  openNow(tenantId = DEFAULT_TENANT): boolean {
    return this.options.hours(tenantId)?.isOpen(this.now()) ?? true;
  }

  /** The opening hours for the tenant's citizens, one line per slot, for the bot's messages. */
  describeHours(lang: 'de' | 'en', tenantId = DEFAULT_TENANT): string[] {
    return this.options.hours(tenantId)?.describe(lang) ?? [];
  }

  /** Queues the conversation for a person, unless it is queued already or nobody can take it. */
  request(input: Omit<NewHandover, 'requestedAt'>): Promise<RequestResult> {
    return this.citizens.request(input);
  }

  /** The citizen goes back to the bot before a person took the chat. */
  cancel(conversationId: string): Promise<Handover | undefined> {
    return this.citizens.cancel(conversationId);
  }

  /**
   * The citizen deleted the conversation ("Chat löschen"): a waiting chat leaves the queue (`cancelled`), a connected
   * one ends (`completed`, without an outcome), and the consoles and the contact-centre system learn it as of any other
   * end. The citizen is not told, the conversation being gone; so this may run inside the conversation's own turn.
   */
  citizenErased(conversationId: string): Promise<Handover | undefined> {
    return this.citizens.erased(conversationId);
  }

  /** The waiting chats, oldest first. */
  queue(): QueueEntry[] {
    return this.cache.queue();
  }

  /** Connected chats, of one agent or all. */
  connected(agentId?: string): Handover[] {
    return this.cache.connected(agentId);
  }

  /** The agents of this instance and of the others. */
  agentList(): AgentInfo[] {
    return this.presence.agentList();
  }

  /** An agent's console connected; they start `online` unless they had chosen `away` in another tab. */
  agentConnected(agent: { id: string; name: string; tenants: TenantScope }): void {
    this.presence.connected(agent);
  }

  /** The tenants of a connected agent changed: whether a person can come for a tenant is asked with the new ones. */
  agentRescoped(agentId: string, tenants: TenantScope): void {
    this.presence.rescoped(agentId, tenants);
  }

  /** An agent's console disconnected; after a grace period without a console their chats go back to the queue. */
  agentDisconnected(agentId: string): void {
    this.presence.disconnected(agentId);
  }

  setPresence(agentId: string, status: PresenceStatus): void {
    this.presence.set(agentId, status);
  }

  /** An agent takes a waiting chat. */
  accept(agent: Agent, handoverId: string): Promise<ActionResult> {
    return this.agents.accept(agent, handoverId);
  }

  /** An agent writes to the citizen. */
  agentMessage(agent: Agent, handoverId: string, text: string): Promise<ActionResult> {
    return this.agents.message(agent, handoverId, text);
  }

  agentTyping(agent: Agent, handoverId: string): void {
    this.agents.typing(agent, handoverId);
  }

  /** The citizen is typing in a conversation a person has. */
  citizenTyping(conversationId: string): void {
    this.citizens.typing(conversationId);
  }

  /** Hands a connected chat to another online agent (whichever instance their console is connected to). */
  transfer(agent: Agent, handoverId: string, toAgentId: string): Promise<ActionResult> {
    return this.agents.transfer(agent, handoverId, toAgentId);
  }

  /**
   * Ends a connected chat: the bot takes over again, at the form step `resumeAt` if one is given. `actor` undefined
   * is the contact-centre system.
   */
  end(
    agent: Agent | undefined,
    handoverId: string,
    options: { outcome: HandoverOutcome; resumeAt?: string },
  ): Promise<ActionResult> {
    return this.agents.end(agent, handoverId, options);
  }

  /** The form the citizen is filling in, for the agent's view. */
  form(handoverId: string): Promise<ActionResult<HandoverSignal & { op: 'describe' }>> {
    return this.agents.form(handoverId);
  }

  /** An agent corrects an answer of the citizen's form. */
  correctField(
    agent: Agent,
    handoverId: string,
    path: string,
    value: string,
  ): Promise<ActionResult<NonNullable<(HandoverSignal & { op: 'correct' })['result']>>> {
    return this.agents.correctField(agent, handoverId, path, value);
  }

  addNote(agent: Agent, handoverId: string, text: string): Promise<ActionResult<HandoverNote>> {
    return this.agents.addNote(agent, handoverId, text);
  }

  /** A contact-centre system took the chat (`handoff.status` accepted from the webhook). */
  externalAccept(handoverId: string, agentName: string): Promise<ActionResult> {
    return this.agents.externalAccept(handoverId, agentName);
  }

  /** A message or typing from the contact-centre system's agent. */
  externalMessage(handoverId: string, agentName: string, text: string | undefined): Promise<ActionResult> {
    return this.agents.externalMessage(handoverId, agentName, text);
  }

  /** The contact-centre system could not take a queued chat. */
  externalFail(handoverId: string): Promise<ActionResult> {
    return this.agents.externalFail(handoverId);
  }

  /**
   * Mirrors a message of a conversation with an active handover to the consoles (and, while a contact-centre system
   * has the chat, the citizen's messages to it). Called by `HandoverMirror` for every stored message.
   */
  observe(conversationId: string, activity: Record<string, unknown>): void {
    this.citizens.observe(conversationId, activity);
  }

  /** Position in the queue (1 = next), undefined when not queued. */
  positionOf(handoverId: string): number | undefined {
    return this.cache.positionOf(handoverId);
  }

  /** Seconds until a person (who works for `tenantId`, when given) is likely free for the chat at `position`. */
  estimateWait(position: number, tenantId?: string): number {
    return this.wait.seconds(position, this.presence.onlineCount(tenantId));
  }

  /** Periodic upkeep: fail waiting chats nobody can take, tell citizens their new place. */
  async tick(): Promise<void> {
    for (const entry of this.queue()) {
      const availability = this.availability(entry.handover.tenantId);
      if (!availability.open) await this.changes.failQueued(entry.handover, availability.why);
    }
    this.changes.queueMoved();
  }

  private async load(): Promise<void> {
    for (const handover of await this.options.handovers.listActiveHandovers()) {
      this.cache.set(handover);
      // After a restart nobody is connected yet: an agent who does not come back within the grace period loses
      // their chats to the queue, as after any disconnect (`awaitReturn` leaves an agent with a console here alone).
      if (handover.status === 'connected' && handover.agentId) {
        this.presence.awaitReturn({
          id: handover.agentId,
          name: handover.agentName ?? '',
          tenants: [handover.tenantId],
        });
      }
    }
    // The other instances told the waiting citizens their places; a new instance must not tell them again.
    if (this.replication.shared) for (const entry of this.queue()) this.cache.told(entry.handover.id, entry.position);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

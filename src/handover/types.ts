import { z } from 'zod';
import { Language } from '../catalogue/schema.js';

/**
 * The records of escalation to the service centre: handovers (a conversation waiting for or talking to a person),
 * the agents' notes, contact requests (tickets) from outside opening hours, canned responses and the audit log.
 */

/** Why the bot handed over. */
export const HandoverReason = z.enum(['requested', 'misunderstood', 'upset', 'form_failures']);
export type HandoverReason = z.infer<typeof HandoverReason>;

/**
 * `queued`: waiting for a person; `connected`: a person has taken it (Bot Framework handoff `accepted`);
 * `completed`: the person ended it or handed back; `cancelled`: the citizen went back to the bot before anyone took
 * it; `failed`: nobody took it (e.g. the service centre closed with the chat still waiting).
 */
export const HandoverStatus = z.enum(['queued', 'connected', 'completed', 'cancelled', 'failed']);
export type HandoverStatus = z.infer<typeof HandoverStatus>;
export const ACTIVE_STATUSES: readonly HandoverStatus[] = ['queued', 'connected'];

/** How an agent closes a chat, for the analytics. */
export const HandoverOutcome = z.enum(['resolved', 'forwarded', 'callback', 'no_response', 'abusive', 'other']);
export type HandoverOutcome = z.infer<typeof HandoverOutcome>;

/** Where the citizen is, so a message can reach them outside a turn (a Bot Framework ConversationReference). */
export const ConversationAddress = z.looseObject({
  channelId: z.string(),
  serviceUrl: z.string(),
  conversation: z.looseObject({ id: z.string() }),
  user: z.looseObject({ id: z.string() }).optional(),
  bot: z.looseObject({ id: z.string() }).optional(),
  locale: z.string().optional(),
});
export type ConversationAddress = z.infer<typeof ConversationAddress>;

/** The service a conversation is about (catalogue id and German title), shown in the queue and on tickets. */
export const HandoverTopic = z.object({ serviceId: z.string(), title: z.string() });
export type HandoverTopic = z.infer<typeof HandoverTopic>;

export interface Handover {
  id: string;
  /** The municipality of the conversation (docs/tenants.md): only its agents see the handover. */
  tenantId: string;
  conversationId: string;
  channel: string;
  status: HandoverStatus;
  reason: HandoverReason;
  lang: Language;
  /** The service talked about last (catalogue id) and its title, shown in the queue. */
  topic: HandoverTopic | undefined;
  /** The form in progress when the handover started, if any. */
  dialogId: string | undefined;
  address: ConversationAddress;
  requestedAt: string;
  acceptedAt: string | undefined;
  firstAgentReplyAt: string | undefined;
  endedAt: string | undefined;
  agentId: string | undefined;
  agentName: string | undefined;
  outcome: HandoverOutcome | undefined;
  /** Taken by a contact-centre system through the handoff webhook instead of the built-in console. */
  external: boolean;
}

/** A handover to create; without `tenantId` it is the `default` tenant's. */
export type NewHandover = Pick<
  Handover,
  'conversationId' | 'channel' | 'reason' | 'lang' | 'topic' | 'dialogId' | 'address' | 'requestedAt'
> & { tenantId?: string };

/** An agent's internal note on a conversation; never shown to the citizen. */
export interface HandoverNote {
  id: string;
  handoverId: string;
  conversationId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
}

export const TicketStatus = z.enum(['open', 'in_progress', 'done']);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** A callback or contact request a citizen left when nobody could take the chat. */
export interface Ticket {
  id: string;
  /** The municipality of the conversation it was left in (docs/tenants.md): only its agents see it. */
  tenantId: string;
  /** Short number the citizen is told, e.g. `K-7Q3M9A`. */
  number: string;
  conversationId: string | undefined;
  name: string;
  email: string | undefined;
  phone: string | undefined;
  question: string;
  lang: Language;
  topic: HandoverTopic | undefined;
  /** When the citizen agreed that the service centre may contact them and keep the request for that. */
  consentAt: string;
  status: TicketStatus;
  assignedTo: string | undefined;
  createdAt: string;
  updatedAt: string;
}

/** A contact request to store; without `tenantId` it is the `default` tenant's. */
export type NewTicket = Omit<
  Ticket,
  'id' | 'tenantId' | 'number' | 'status' | 'assignedTo' | 'createdAt' | 'updatedAt'
> & {
  tenantId?: string;
};

export const CannedResponseInput = z.strictObject({
  title: z.string().trim().min(1).max(100),
  text: z.string().trim().min(1).max(2000),
  lang: Language,
});
export type CannedResponseInput = z.infer<typeof CannedResponseInput>;

export interface CannedResponse extends CannedResponseInput {
  id: string;
  updatedAt: string;
  updatedBy: string;
}

/** Something a person did (or the system did on their behalf) that must be traceable later. */
export interface AuditEntry {
  id: number;
  at: string;
  /** The staff user, or undefined for the citizen or the system. */
  actorId: string | undefined;
  actorName: string;
  action: string;
  conversationId: string | undefined;
  /** The municipality the entry concerns (a conversation's, a tenant changed); `default` for the installation's. */
  tenantId: string;
  details: Record<string, unknown>;
}

/** An entry to append; without `tenantId`, the installation's (`default`). */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'tenantId'> & { tenantId?: string };

/** What the analytics read about handovers in a period. */
export interface HandoverStats {
  conversations: number;
  handovers: number;
  byReason: Record<HandoverReason, number>;
  byStatus: Record<HandoverStatus, number>;
  accepted: number;
  /** Milliseconds from request to acceptance, over accepted handovers. */
  waitMs: { mean: number | undefined; p50: number | undefined; p90: number | undefined };
  /** Milliseconds from acceptance to the agent's first message. */
  firstReplyMs: { mean: number | undefined; p50: number | undefined; p90: number | undefined };
}

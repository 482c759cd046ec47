/**
 * The agent console's Socket.IO protocol (namespace `/agent`), shared by server and console. Documented in
 * docs/protocol.md; keep both in step.
 *
 * The handshake carries the staff session cookie (sent by the browser) and `auth: { csrfToken }` (from
 * `POST /api/auth/login` or `GET /api/auth/me`). Every client event has an acknowledgement `{ ok: true, ... }` or
 * `{ ok: false, error }`; an unknown event or a malformed one without acknowledgement is answered with `error`.
 */
import { z } from 'zod';
import type { FormSnapshot } from '../../dialogs/formSnapshot.js';
import { type Handover, type HandoverNote, HandoverOutcome, type Ticket } from '../../handover/types.js';
import { cleanText } from '../../text/cleanText.js';

export const AGENT_NAMESPACE = '/agent';

export const AgentHandshake = z.object({ csrfToken: z.string().min(1).max(200) });

const Id = z.string().min(1).max(100);
/** What an agent types: a message to the citizen, a note, a corrected answer (see `cleanText`). */
const Text = cleanText().trim().min(1).max(4000);

/** Client events and their payloads. */
export const AgentRequests = {
  presence: z.object({ status: z.enum(['online', 'away']) }),
  accept: z.object({ handoverId: Id }),
  /** The transcript, the form in progress and the notes of a conversation in the queue or taken by this agent. */
  open: z.object({ handoverId: Id }),
  message: z.object({ handoverId: Id, text: Text }),
  typing: z.object({ handoverId: Id }),
  note: z.object({ handoverId: Id, text: Text }),
  transfer: z.object({ handoverId: Id, agentId: Id }),
  /** Ends the chat with an outcome; the bot takes over again, at the form step `resumeAt` if given. */
  end: z.object({ handoverId: Id, outcome: HandoverOutcome, resumeAt: z.string().min(1).max(100).optional() }),
  correctField: z.object({ handoverId: Id, path: z.string().min(1).max(100), value: Text }),
} as const;
export type AgentRequestName = keyof typeof AgentRequests;
export type AgentRequest<N extends AgentRequestName> = z.infer<(typeof AgentRequests)[N]>;

export type AgentAck<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

/** The acknowledgement of a payload that does not match its schema: what is wrong where, as `path: message`. */
export type AgentInvalidRequest = { ok: false; error: 'invalid_request'; issues: string[] };

/** A handover as the console shows it. */
export type HandoverView = Pick<
  Handover,
  | 'id'
  | 'tenantId'
  | 'conversationId'
  | 'channel'
  | 'status'
  | 'reason'
  | 'lang'
  | 'topic'
  | 'dialogId'
  | 'requestedAt'
  | 'acceptedAt'
  | 'agentId'
  | 'agentName'
  | 'external'
>;

export interface QueueEntryView {
  handover: HandoverView;
  position: number;
  waitedSeconds: number;
}

/** Pushed on connect and whenever the queue, presence or a chat changes. */
export interface AgentOverview {
  me: { id: string; name: string; status: 'online' | 'away' | 'offline'; maxChats: number };
  agents: { id: string; name: string; status: 'online' | 'away' | 'offline'; chats: number }[];
  queue: QueueEntryView[];
  /** This agent's connected chats. */
  chats: HandoverView[];
  /** Open contact requests. */
  openTickets: number;
  /** Whether the service centre is open now, by the hours of a tenant this agent works for (an admin: `default`'s). */
  open: boolean;
}

export interface ConversationView {
  handover: HandoverView;
  /** Stored activities (messages of citizen, bot and agents), oldest first. */
  transcript: Record<string, unknown>[];
  form: FormSnapshot | null;
  notes: HandoverNote[];
}

export interface AgentServerEvents {
  overview: (overview: AgentOverview) => void;
  /** A message in a conversation this agent has open (citizen, bot or agent). */
  activity: (event: { handoverId: string; conversationId: string; activity: Record<string, unknown> }) => void;
  /** The citizen is typing. */
  typing: (event: { handoverId: string }) => void;
  note: (note: HandoverNote) => void;
  /** A chat was taken, transferred or ended (by anyone). */
  handover: (handover: HandoverView) => void;
  /** A new entry in the queue, for the sound and the browser notification. */
  queued: (entry: QueueEntryView) => void;
  tickets: (event: { open: number; ticket?: Ticket }) => void;
  /**
   * A client event the server could not answer in an acknowledgement: `unknown_event` (not part of this protocol) or
   * `invalid_request` (its payload does not match). The connection stays open.
   */
  error: (error: { code: string; message: string }) => void;
}

export interface AgentClientEvents {
  presence: (request: unknown, ack: (result: AgentAck) => void) => void;
  accept: (request: unknown, ack: (result: AgentAck<{ conversation: ConversationView }>) => void) => void;
  open: (request: unknown, ack: (result: AgentAck<{ conversation: ConversationView }>) => void) => void;
  message: (request: unknown, ack: (result: AgentAck) => void) => void;
  typing: (request: unknown, ack?: (result: AgentAck) => void) => void;
  note: (request: unknown, ack: (result: AgentAck<{ note: HandoverNote }>) => void) => void;
  transfer: (request: unknown, ack: (result: AgentAck) => void) => void;
  end: (request: unknown, ack: (result: AgentAck) => void) => void;
  correctField: (request: unknown, ack: (result: AgentAck<{ form: FormSnapshot }>) => void) => void;
}

export function handoverView(handover: Handover): HandoverView {
  const { id, conversationId, channel, status, reason, lang, topic, dialogId, requestedAt, acceptedAt } = handover;
  const { agentId, agentName, external } = handover;
  return {
    id,
    tenantId: handover.tenantId,
    conversationId,
    channel,
    status,
    reason,
    lang,
    topic,
    dialogId,
    requestedAt,
    acceptedAt,
    agentId,
    agentName,
    external,
  };
}

import { io, type Socket } from 'socket.io-client';
import type {
  AgentAck,
  AgentClientEvents,
  AgentServerEvents,
  ConversationView,
} from '../../src/channels/agent/protocol.js';
import type { FormSnapshot } from '../../src/dialogs/formSnapshot.js';
import type { HandoverNote, HandoverOutcome } from '../../src/handover/types.js';

/** `AGENT_NAMESPACE` of the protocol; not imported, because that module brings zod into the bundle. */
const NAMESPACE = '/agent';
const ACK_TIMEOUT_MS = 10_000;

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
type Failure = { ok: false; error: string };

/**
 * The agent namespace for the console: one method per request, each resolving with the acknowledgement (a lost one
 * as `{ ok: false, error: 'timeout' }`). Socket.IO reconnects by itself after a network loss; the server then pushes
 * a fresh overview.
 */
export class AgentConnection {
  readonly socket: AgentSocket;

  constructor(csrfToken: string) {
    this.socket = io(NAMESPACE, { auth: { csrfToken }, withCredentials: true });
  }

  presence(status: 'online' | 'away'): Promise<AgentAck> {
    return settle(this.timed().emitWithAck('presence', { status }));
  }

  accept(handoverId: string): Promise<AgentAck<{ conversation: ConversationView }>> {
    return settle(this.timed().emitWithAck('accept', { handoverId }));
  }

  open(handoverId: string): Promise<AgentAck<{ conversation: ConversationView }>> {
    return settle(this.timed().emitWithAck('open', { handoverId }));
  }

  message(handoverId: string, text: string): Promise<AgentAck> {
    return settle(this.timed().emitWithAck('message', { handoverId, text }));
  }

  /** Fire and forget: a lost typing indicator does not matter. */
  typing(handoverId: string): void {
    this.socket.emit('typing', { handoverId });
  }

  note(handoverId: string, text: string): Promise<AgentAck<{ note: HandoverNote }>> {
    return settle(this.timed().emitWithAck('note', { handoverId, text }));
  }

  transfer(handoverId: string, agentId: string): Promise<AgentAck> {
    return settle(this.timed().emitWithAck('transfer', { handoverId, agentId }));
  }

  end(handoverId: string, outcome: HandoverOutcome, resumeAt?: string): Promise<AgentAck> {
    const request = resumeAt ? { handoverId, outcome, resumeAt } : { handoverId, outcome };
    return settle(this.timed().emitWithAck('end', request));
  }

  correctField(handoverId: string, path: string, value: string): Promise<AgentAck<{ form: FormSnapshot }>> {
    return settle(this.timed().emitWithAck('correctField', { handoverId, path, value }));
  }

  /** Connects again with the CSRF token of a new login (the handshake is where the server checks it). */
  reauthenticate(csrfToken: string): void {
    this.socket.auth = { csrfToken };
    this.socket.disconnect();
    this.socket.connect();
  }

  close(): void {
    this.socket.disconnect();
  }

  private timed() {
    return this.socket.timeout(ACK_TIMEOUT_MS);
  }
}

async function settle<T>(pending: Promise<T>): Promise<T | Failure> {
  try {
    return await pending;
  } catch {
    return { ok: false, error: 'timeout' };
  }
}

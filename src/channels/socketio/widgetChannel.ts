import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Server, Socket } from 'socket.io';
import { type ClientToServerEvents, ServerActivity, type ServerToClientEvents } from './protocol.js';
import type { SocketIoAdapter } from './SocketIoAdapter.js';
import type { WidgetLimits } from './WidgetLimits.js';

export type WidgetSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** What the sessions of all sockets share. */
export interface Channel {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  adapter: SocketIoAdapter;
  /**
   * Whether a conversation may be open in another tab than the one that sent a message, which then shows that message
   * too. Usually it is not, and the copy for the other tabs is not even made.
   */
  mayHaveOtherTabs(conversationId: string, socketId: string): boolean;
  /**
   * Conversations being erased, until the turns queued behind the erasure have passed: those turns (a message from
   * another tab sent at that moment) are dropped, so that nothing of the conversation is written again.
   */
  erasing: Set<string>;
  limits: WidgetLimits;
}

/** The hash a conversation's token is stored and found by: the token itself is never stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The Socket.IO room of a conversation's tabs. */
export function room(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/** Only what the widget needs; channel addresses and internal fields stay on the server. */
export function toServerActivity(activity: Partial<Activity> | Record<string, unknown>): ServerActivity {
  return ServerActivity.parse(activity instanceof Object ? JSON.parse(JSON.stringify(activity)) : {});
}

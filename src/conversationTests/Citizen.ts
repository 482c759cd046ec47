import type { BotReply } from './BotReply.js';
import type { FixtureFile } from './fixtureFile.js';

/** How long a turn, a reconnect or a delivery may take before a step fails. */
export const STEP_TIMEOUT_MS = 10_000;

/** What a citizen sends in one message: typed text, a pressed button's value, files. */
export interface CitizenMessage {
  text?: string;
  value?: unknown;
  attachments?: FixtureFile[];
}

/** A citizen on one channel, in one conversation with a running bot. */
export interface Citizen {
  readonly conversationId: string;
  /** Whether a pressed button sends its value (widget, Emulator) or the citizen types its number (plain channels). */
  readonly channelId: string;
  /** Sends a message and returns every reply of the turn it started. */
  send(message: CitizenMessage): Promise<BotReply[]>;
  /** Leaves before the server stops. */
  disconnect(): Promise<void>;
  /** Comes back to the same conversation on the restarted server. */
  reconnect(): Promise<void>;
}

import type { BotReply } from './BotReply.js';
import type { FixtureFile } from './fixtureFile.js';

/** What a citizen sends in one message: typed text, a pressed button's value, files. */
export interface CitizenMessage {
  text?: string;
  value?: unknown;
  attachments?: FixtureFile[];
}

/** A citizen on one channel, in one conversation with the bot of a `BotHost`. */
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

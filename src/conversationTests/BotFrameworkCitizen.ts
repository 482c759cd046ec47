import { type BotReply, botReplyOf } from './BotReply.js';
import type { ChannelSink } from './ChannelSink.js';
import { type Citizen, type CitizenMessage, STEP_TIMEOUT_MS } from './Citizen.js';

/** Where a Bot Framework citizen posts (the running bot, which a restart replaces) and where replies arrive. */
export interface BotFrameworkEndpoint {
  /** The base URL of the bot that runs now. */
  botUrl(): string;
  sink: ChannelSink;
}

/**
 * A citizen on a Bot Framework channel: activities posted to `POST /api/messages` as the Bot Framework Service
 * would (local mode, no credentials), replies collected by a `ChannelSink`. The channel id decides how the bot
 * renders: `emulator` and `govbot-web` get cards and buttons, a channel GovBot does not know (e.g. `sms`) plain text
 * with numbers.
 */
export class BotFrameworkCitizen implements Citizen {
  readonly conversationId = `conv-${crypto.randomUUID()}`;
  private readonly user = { id: `user-${crypto.randomUUID()}`, name: 'Citizen', role: 'user' };

  private constructor(
    private readonly endpoint: BotFrameworkEndpoint,
    readonly channelId: string,
    private readonly locale: string,
  ) {}

  /** Joins a new conversation (as a channel announces a member) and returns it with the bot's welcome. */
  static async connect(
    endpoint: BotFrameworkEndpoint,
    options: { channelId?: string; locale?: string } = {},
  ): Promise<{ citizen: BotFrameworkCitizen; welcome: BotReply[] }> {
    const citizen = new BotFrameworkCitizen(endpoint, options.channelId ?? 'emulator', options.locale ?? 'de-DE');
    const welcome = await citizen.post({ type: 'conversationUpdate', membersAdded: [citizen.user] });
    return { citizen, welcome };
  }

  send(message: CitizenMessage): Promise<BotReply[]> {
    return this.post({ type: 'message', from: this.user, ...message });
  }

  async disconnect(): Promise<void> {}

  /** Nothing to do: the channel keeps the conversation id and posts to the new server. */
  async reconnect(): Promise<void> {}

  private async post(activity: Record<string, unknown>): Promise<BotReply[]> {
    const { sink } = this.endpoint;
    const from = sink.activities(this.conversationId).length;
    const response = await fetch(`${this.endpoint.botUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: crypto.randomUUID(),
        channelId: this.channelId,
        serviceUrl: sink.url,
        conversation: { id: this.conversationId },
        from: this.user,
        recipient: { id: 'govbot', name: 'GovBot', role: 'bot' },
        locale: this.locale,
        timestamp: new Date().toISOString(),
        ...activity,
      }),
      signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`POST /api/messages answered ${response.status}: ${await response.text()}`);
    return sink
      .activities(this.conversationId)
      .slice(from)
      .flatMap((reply) => botReplyOf(reply) ?? []);
  }
}

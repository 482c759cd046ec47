import type { BotHost } from './BotHost.js';
import { type BotReply, botReplyOf } from './BotReply.js';
import type { ChannelSink } from './ChannelSink.js';
import type { Citizen, CitizenMessage } from './Citizen.js';
import { STEP_TIMEOUT_MS } from './StateWrites.js';

/**
 * A citizen on a Bot Framework channel: activities posted to `POST /api/messages` as the Bot Framework Service
 * would (local mode, no credentials), replies collected by a `ChannelSink`. The channel id decides how the bot
 * renders: `emulator` gets cards and buttons, a channel GovBot does not know (e.g. `sms`) plain text with numbers.
 */
export class BotFrameworkCitizen implements Citizen {
  readonly conversationId = `conv-${crypto.randomUUID()}`;
  private readonly user = { id: `user-${crypto.randomUUID()}`, name: 'Citizen', role: 'user' };

  private constructor(
    private readonly host: BotHost,
    private readonly sink: ChannelSink,
    readonly channelId: string,
    private readonly locale: string,
  ) {}

  /** Joins a new conversation (as a channel announces a member) and returns it with the bot's welcome. */
  static async connect(
    host: BotHost,
    options: { channelId?: string; locale?: string } = {},
  ): Promise<{ citizen: BotFrameworkCitizen; welcome: BotReply[] }> {
    const sink = await host.channelSink();
    const citizen = new BotFrameworkCitizen(host, sink, options.channelId ?? 'emulator', options.locale ?? 'de-DE');
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
    const from = this.sink.activities(this.conversationId).length;
    const response = await fetch(`${this.host.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: crypto.randomUUID(),
        channelId: this.channelId,
        serviceUrl: this.sink.url,
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
    return this.sink
      .activities(this.conversationId)
      .slice(from)
      .flatMap((reply) => botReplyOf(reply) ?? []);
  }
}

import type { ActivityAck } from '../../../src/channels/socketio/protocol.js';
import { type BotReply, botReplyOf } from '../../../src/conversationTests/BotReply.js';
import { type Citizen, type CitizenMessage, STEP_TIMEOUT_MS } from '../../../src/conversationTests/Citizen.js';
import { CitizenClient } from '../../support/citizenClient.js';
import type { StateWrites } from './StateWrites.js';

/** What a widget citizen needs of its host: the bot to connect to now, and the state saves its bots made. */
export interface SocketIoHost {
  /** The bot a (re)connecting citizen reaches now: the only one, or the next behind a load balancer. */
  readonly bot: { url: string };
  readonly stateWrites: StateWrites;
}

/**
 * A citizen in the web widget: Socket.IO with the widget's protocol, resuming the conversation with its token after a
 * restart. A turn is over when the bot has saved the conversation's state (see `StateWrites`) and a `history`
 * round trip has brought every message sent before it.
 */
export class SocketIoCitizen implements Citizen {
  readonly channelId = 'govbot-web';
  /** State saves of this conversation expected from the running bot process. */
  private expectedWrites = 0;

  private constructor(
    private readonly host: SocketIoHost,
    private client: CitizenClient,
    private readonly locale: string | undefined,
  ) {}

  /** Opens a new conversation and returns it with the bot's welcome. */
  static async connect(
    host: SocketIoHost,
    locale?: string,
  ): Promise<{ citizen: SocketIoCitizen; welcome: BotReply[] }> {
    const client = await CitizenClient.connect(host.bot.url, locale ? { locale } : {});
    const citizen = new SocketIoCitizen(host, client, locale);
    citizen.expectedWrites = 1;
    return { citizen, welcome: await citizen.turnEnd(0) };
  }

  get conversationId(): string {
    return this.client.session.conversationId;
  }

  async send(message: CitizenMessage): Promise<BotReply[]> {
    const from = this.client.received.length;
    this.expectedWrites++;
    const ack: ActivityAck = await this.client.socket.timeout(STEP_TIMEOUT_MS).emitWithAck('activity', {
      type: 'message',
      id: crypto.randomUUID(),
      ...(this.locale ? { locale: this.locale } : {}),
      ...message,
    });
    if (!ack.ok) throw new Error(`the server refused the message: ${ack.error}`);
    return this.turnEnd(from);
  }

  async disconnect(): Promise<void> {
    this.client.close();
  }

  async reconnect(): Promise<void> {
    const { token } = this.client.session;
    this.client = await CitizenClient.connect(this.host.bot.url, {
      token,
      ...(this.locale ? { locale: this.locale } : {}),
    });
    if (!this.client.session.resumed) throw new Error('the token did not resume the conversation after the restart');
    this.expectedWrites = 0;
  }

  private async turnEnd(from: number): Promise<BotReply[]> {
    await this.host.stateWrites.reach(this.conversationId, this.expectedWrites);
    // Acknowledged after everything the server sent before: the turn's messages have all arrived.
    await this.client.socket.timeout(STEP_TIMEOUT_MS).emitWithAck('history', { limit: 1 });
    return this.client.received.slice(from).flatMap((activity) => botReplyOf(activity) ?? []);
  }
}

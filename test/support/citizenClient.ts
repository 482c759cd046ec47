import { io, type Socket } from 'socket.io-client';
import type {
  ActivityAck,
  ClientToServerEvents,
  HistoryAck,
  ServerActivity,
  ServerToClientEvents,
  SessionInfo,
} from '../../src/channels/socketio/protocol.js';

/** A citizen's widget, reduced to the protocol: connects, sends, and waits for what the bot says. */
export class CitizenClient {
  readonly received: ServerActivity[] = [];
  private waiters: { predicate: (a: ServerActivity) => boolean; resolve: (a: ServerActivity) => void }[] = [];
  private seen = 0;

  private constructor(
    readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    readonly session: SessionInfo,
  ) {
    socket.on('activity', (activity) => {
      this.received.push(activity);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.predicate(activity)) return true;
        waiter.resolve(activity);
        return false;
      });
    });
  }

  /**
   * Connects as a widget would: with `auth` as its handshake, from a page on `origin` (none: as a non-browser
   * client). Rejects when the server refuses: the engine (`connect_error`), or the channel with an `error` event
   * before the session (`unknown_tenant`, `origin_not_allowed`, …), whose `code` the rejection carries.
   */
  static async connect(
    url: string,
    auth: { token?: string; locale?: string; tenant?: string } = {},
    { origin }: { origin?: string } = {},
  ): Promise<CitizenClient> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: origin === undefined ? {} : { origin },
    });
    const received: ServerActivity[] = [];
    socket.on('activity', (activity) => received.push(activity));
    const session = await new Promise<SessionInfo>((resolve, reject) => {
      socket.once('session', resolve);
      socket.once('connect_error', reject);
      socket.once('error', ({ code, message }) => reject(Object.assign(new Error(`${code}: ${message}`), { code })));
    }).catch((error: unknown) => {
      socket.close();
      throw error;
    });
    socket.off('error');
    socket.off('activity');
    const client = new CitizenClient(socket, session);
    client.received.push(...received);
    return client;
  }

  send(activity: { text?: string; value?: unknown; id?: string; locale?: string }): Promise<ActivityAck> {
    return this.socket.timeout(10_000).emitWithAck('activity', { type: 'message', ...activity });
  }

  /** The next bot message after those already returned by this method (typing indicators skipped). */
  async nextMessage(): Promise<ServerActivity> {
    const isMessage = (a: ServerActivity) => a.type === 'message' && a.from?.role === 'bot';
    for (; this.seen < this.received.length; this.seen++) {
      const activity = this.received[this.seen];
      if (activity && isMessage(activity)) {
        this.seen++;
        return activity;
      }
    }
    const activity = await this.arrival(isMessage, 'no bot message within 10 s');
    // Messages sent in one go can all have arrived by now: go on right after this one, not after the last.
    this.seen = this.received.lastIndexOf(activity) + 1;
    return activity;
  }

  /**
   * Sends a text and returns the bot's first message in reply to it (`replyToId`): the last messages of the turn
   * before may still be on their way.
   */
  async ask(text: string, extra: { id?: string; locale?: string } = {}): Promise<ServerActivity> {
    const id = extra.id ?? crypto.randomUUID();
    const ack = await this.send({ text, ...extra, id });
    if (!ack.ok) throw new Error(`activity rejected: ${ack.error}`);
    const isAnswer = (a: ServerActivity) => a.type === 'message' && a.from?.role === 'bot' && a.replyToId === id;
    const answer = this.received.find(isAnswer) ?? (await this.arrival(isAnswer, `no answer to "${text}" within 10 s`));
    this.seen = this.received.lastIndexOf(answer) + 1;
    return answer;
  }

  /** The next activity to arrive that `predicate` accepts; rejects with `failure` after 10 s. */
  private arrival(predicate: (a: ServerActivity) => boolean, failure: string): Promise<ServerActivity> {
    return new Promise<ServerActivity>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(failure)), 10_000);
      this.waiters.push({
        predicate,
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
      });
    });
  }

  history(): Promise<HistoryAck> {
    return this.socket.timeout(10_000).emitWithAck('history', {});
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** The visible text of a bot message: its text plus every string inside its cards. */
export function visibleText(activity: ServerActivity): string {
  const strings: string[] = [activity.text ?? ''];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(activity.attachments?.map((attachment) => attachment.content));
  return strings.join('\n');
}

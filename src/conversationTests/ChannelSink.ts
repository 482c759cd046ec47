import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import express from 'express';

/**
 * Stands in for a Bot Framework channel's connector: the bot posts its replies to `<serviceUrl>/v3/conversations/
 * <id>/activities`, and the sink keeps them per conversation. In local mode (no credentials) the bot answers the
 * incoming request only after the turn, so every reply of a turn has arrived when the request returns.
 */
export class ChannelSink {
  private readonly received = new Map<string, unknown[]>();
  private waiters: {
    conversationId: string;
    from: number;
    predicate: (a: unknown) => boolean;
    resolve(a: unknown): void;
  }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ChannelSink> {
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    let sink: ChannelSink | undefined;
    app.post('/v3/conversations/:conversationId/activities{/:replyToId}', (req, res) => {
      sink?.record(String(req.params.conversationId), req.body);
      res.json({ id: crypto.randomUUID() });
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    sink = new ChannelSink(server, `http://127.0.0.1:${port}`);
    return sink;
  }

  /** Everything posted to the conversation so far, oldest first. */
  activities(conversationId: string): readonly unknown[] {
    return this.received.get(conversationId) ?? [];
  }

  /**
   * The first activity posted to the conversation at position `from` or later that satisfies `predicate`, posted
   * already or to come (proactive messages arrive outside any request of the test).
   */
  waitFor(conversationId: string, from: number, predicate: (activity: unknown) => boolean): Promise<unknown> {
    const seen = this.activities(conversationId).slice(from).find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such activity at the channel within 10 s')), 10_000);
      this.waiters.push({
        conversationId,
        from,
        predicate,
        resolve: (activity) => {
          clearTimeout(timer);
          resolve(activity);
        },
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(conversationId: string, activity: unknown): void {
    const list = this.received.get(conversationId) ?? [];
    list.push(activity);
    this.received.set(conversationId, list);
    const position = list.length - 1;
    this.waiters = this.waiters.filter((waiter) => {
      const wanted = waiter.conversationId === conversationId && position >= waiter.from && waiter.predicate(activity);
      if (wanted) waiter.resolve(activity);
      return !wanted;
    });
  }
}

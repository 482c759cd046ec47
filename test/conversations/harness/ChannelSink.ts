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

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(conversationId: string, activity: unknown): void {
    const list = this.received.get(conversationId) ?? [];
    list.push(activity);
    this.received.set(conversationId, list);
  }
}

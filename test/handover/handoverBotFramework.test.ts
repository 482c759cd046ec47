import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

interface Posted {
  type?: string;
  text?: string;
  from?: { role?: string };
  channelData?: { govbot?: { handover?: { state?: string }; agent?: { name?: string } } };
  [key: string]: unknown;
}

/**
 * Stands in for a channel's Bot Framework connector: records what the bot posts to `<serviceUrl>/v3/conversations/
 * <id>/activities`, in turns and proactively, and lets a test wait for a posted activity.
 */
class ConnectorSink {
  readonly posted: { conversationId: string; activity: Posted }[] = [];
  private waiters: { predicate: (activity: Posted) => boolean; resolve: (activity: Posted) => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ConnectorSink> {
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    let sink: ConnectorSink | undefined;
    app.post('/v3/conversations/:conversationId/activities{/:replyToId}', (req, res) => {
      sink?.record(String(req.params.conversationId), req.body);
      res.json({ id: crypto.randomUUID() });
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    sink = new ConnectorSink(server, `http://127.0.0.1:${port}`);
    return sink;
  }

  /** The bot's messages to `conversationId` so far. */
  messages(conversationId: string): Posted[] {
    return this.posted
      .filter((item) => item.conversationId === conversationId && item.activity.type === 'message')
      .map((item) => item.activity);
  }

  /** The first message to `conversationId` after the first `skip` that satisfies `predicate`, posted or coming. */
  message(conversationId: string, skip: number, predicate: (activity: Posted) => boolean): Promise<Posted> {
    const seen = this.messages(conversationId).slice(skip).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message at the connector within 10 s')), 10_000);
      this.waiters.push({
        predicate: (activity) => activity.type === 'message' && predicate(activity),
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

  private record(conversationId: string, activity: Posted): void {
    this.posted.push({ conversationId, activity });
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.predicate(activity)) return true;
      waiter.resolve(activity);
      return false;
    });
  }
}

describe('handover for a citizen on a Bot Framework channel (Emulator, local mode)', () => {
  let bot: TestBot;
  let sink: ConnectorSink;
  let anna: AgentClient;
  const conversationId = `conv-${crypto.randomUUID()}`;
  const user = { id: 'user-1', name: 'Citizen', role: 'user' };

  /** Posts a citizen's message as the Bot Framework Service would; resolves once the bot's turn is over. */
  const say = async (text: string) => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: crypto.randomUUID(),
        channelId: 'emulator',
        serviceUrl: sink.url,
        conversation: { id: conversationId },
        from: user,
        recipient: { id: 'govbot', name: 'GovBot', role: 'bot' },
        locale: 'de-DE',
        text,
        timestamp: new Date().toISOString(),
      }),
    });
    expect(response.status).toBe(200);
  };
  const count = () => sink.messages(conversationId).length;

  beforeAll(async () => {
    [bot, sink] = await Promise.all([startTestBot(), ConnectorSink.start()]);
    await AgentClient.createUser(bot.storage, 'anna');
    anna = await AgentClient.login(bot.url, 'anna');
    await anna.overview((overview) => overview.me.status === 'online');
  });
  afterAll(async () => {
    anna?.close();
    await bot?.dispose();
    await sink?.close();
  });

  it('queues, connects, relays both ways with the bot silent, and hands back, all on the citizen channel', async () => {
    let from = count();
    await say('Ich möchte mit einem Menschen sprechen');
    const queued = await sink.message(conversationId, from, (a) => /Position 1/.test(a.text ?? ''));
    expect(queued.channelData?.govbot?.handover).toMatchObject({ state: 'queued', position: 1 });
    const entry = await anna.waitFor('queued');
    expect(entry.handover).toMatchObject({ conversationId, channel: 'emulator', reason: 'requested' });
    const handoverId = entry.handover.id;

    // Taken in the console: the channel hears of it proactively, outside any turn of the citizen.
    from = count();
    const accepted = await anna.request('accept', { handoverId });
    expect(accepted.ok).toBe(true);
    const connected = await sink.message(conversationId, from, (a) => /verbunden/.test(a.text ?? ''));
    expect(connected.text).toMatch(/\*\*anna\*\*/);
    expect(connected.from?.role).toBe('bot');

    // The channel shows every message as the bot's, so the agent's name leads the text.
    from = count();
    expect((await anna.request('message', { handoverId, text: 'Guten Tag, wie kann ich helfen?' })).ok).toBe(true);
    const fromAgent = await sink.message(conversationId, from, (a) => /wie kann ich helfen/.test(a.text ?? ''));
    expect(fromAgent.text).toBe('**anna (Service-Center):** Guten Tag, wie kann ich helfen?');

    // The citizen's message goes to the agent; the bot does not answer it (the turn is over when the POST returns).
    from = count();
    await say('Was kostet ein Reisepass?');
    const relayed = await anna.waitFor('activity', (event) => event.activity.text === 'Was kostet ein Reisepass?');
    expect(relayed).toMatchObject({ handoverId, conversationId });
    expect(sink.messages(conversationId).slice(from)).toEqual([]);

    // Hand back: the end is announced on the channel and the bot answers again.
    from = count();
    expect((await anna.request('end', { handoverId, outcome: 'resolved' })).ok).toBe(true);
    const ended = await sink.message(conversationId, from, (a) => /beendet/.test(a.text ?? ''));
    expect(ended.channelData?.govbot?.handover?.state).toBe('ended');
    from = count();
    await say('Was kostet ein Reisepass?');
    const answers = sink.messages(conversationId).slice(from);
    expect(answers.length).toBeGreaterThan(0);
    expect(JSON.stringify(answers)).toMatch(/Reisepass/);
    expect(JSON.stringify(answers)).toMatch(/€/);

    const audit = await bot.storage.audit.listAudit({ conversationId });
    expect(audit.map((a) => a.action).reverse()).toEqual(['handover.requested', 'handover.accepted', 'handover.ended']);
  });
});

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

interface Delivered {
  conversationId: string;
  activity: Record<string, unknown> & { text?: string; attachments?: { contentType: string }[] };
}

/** Stands in for a channel's Bot Framework connector: records the replies the bot posts to its serviceUrl. */
async function startChannelSink(): Promise<{
  url: string;
  delivered: Delivered[];
  next(): Promise<Delivered>;
  close(): Promise<void>;
}> {
  const delivered: Delivered[] = [];
  const waiting: ((d: Delivered) => void)[] = [];
  const app = express();
  app.use(express.json());
  app.post('/v3/conversations/:conversationId/activities{/:replyToId}', (req, res) => {
    const item = { conversationId: String(req.params.conversationId), activity: req.body };
    delivered.push(item);
    waiting.shift()?.(item);
    res.json({ id: `sink-${delivered.length}` });
  });
  const server: Server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let read = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    delivered,
    next: () =>
      read < delivered.length
        ? Promise.resolve(delivered[read++] as Delivered)
        : new Promise((resolve) => {
            waiting.push((d) => {
              read++;
              resolve(d);
            });
          }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function activity(serviceUrl: string, channelId: string, text: string, conversationId = `conv-${channelId}`) {
  return {
    type: 'message',
    id: crypto.randomUUID(),
    channelId,
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'Citizen', role: 'user' },
    recipient: { id: 'govbot', name: 'GovBot', role: 'bot' },
    locale: 'de-DE',
    text,
    timestamp: new Date().toISOString(),
  };
}

describe('Bot Framework endpoint POST /api/messages (local mode, no credentials)', () => {
  let bot: TestBot;
  let sink: Awaited<ReturnType<typeof startChannelSink>>;
  const post = (body: unknown) =>
    fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    [bot, sink] = await Promise.all([startTestBot(), startChannelSink()]);
  });
  afterAll(async () => {
    await bot?.dispose();
    await sink?.close();
  });

  it('replies to the serviceUrl with an Adaptive Card on the Emulator', async () => {
    const response = await post(activity(sink.url, 'emulator', 'Wie beantrage ich einen Bewohnerparkausweis?'));
    expect(response.status).toBe(200);
    const reply = await sink.next();
    expect(reply.conversationId).toBe('conv-emulator');
    expect(reply.activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(reply.activity.attachments)).toContain('Bewohnerparkausweis');
  });

  it('degrades cards and buttons to text and a numbered list on channels without them', async () => {
    await post(activity(sink.url, 'sms', 'Wie wird das Wetter morgen?', 'conv-sms'));
    const reply = await sink.next();
    expect(reply.activity.attachments ?? []).toHaveLength(0);
    expect(reply.activity.text).toContain('115');
    expect(reply.activity.text).toMatch(/1\. Mit einem Menschen sprechen/);

    await post(activity(sink.url, 'sms', 'Reisepass beantragen', 'conv-sms'));
    const card = await sink.next();
    expect(card.activity.attachments ?? []).toHaveLength(0);
    expect(card.activity.text).toContain('Reisepass');
    expect(card.activity.text).toMatch(/Kosten: /);
  });

  it('stores the conversation in the transcript', async () => {
    const entries = await bot.storage.transcripts.listActivities('conv-emulator');
    expect(entries.map((entry) => entry.activity.text)).toContain('Wie beantrage ich einen Bewohnerparkausweis?');
    expect(entries.some((entry) => (entry.activity.from as { role?: string } | undefined)?.role === 'bot')).toBe(true);
  });

  it('rejects a body that is not an activity', async () => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"not":"an activity"}',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('Bot Framework endpoint with credentials configured', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({
      env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' },
    });
  });
  afterAll(async () => {
    await bot?.dispose();
  });

  it('refuses requests without a valid Bot Framework token', async () => {
    const body = JSON.stringify(activity('http://127.0.0.1:9/', 'msteams', 'Hallo'));
    const anonymous = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' },
      body,
    });
    expect(forged.status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelSink } from '../../src/conversationTests/ChannelSink.js';
import { AgentClient } from '../support/agentClient.js';
import { botFrameworkMessage } from '../support/botFrameworkMessage.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

interface Posted {
  type?: string;
  text?: string;
  from?: { role?: string };
  channelData?: { govbot?: { handover?: { state?: string }; agent?: { name?: string } } };
  [key: string]: unknown;
}

describe('handover for a citizen on a Bot Framework channel (Emulator, local mode)', () => {
  let bot: TestBot;
  let sink: ChannelSink;
  let anna: AgentClient;
  const conversationId = `conv-${crypto.randomUUID()}`;
  const user = { id: 'user-1', name: 'Citizen', role: 'user' };

  /** Posts a citizen's message as the Bot Framework Service would; resolves once the bot's turn is over. */
  const say = async (text: string) => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(botFrameworkMessage({ serviceUrl: sink.url, conversationId, from: user, text })),
    });
    expect(response.status).toBe(200);
  };
  const count = () => sink.activities(conversationId).length;
  /** The bot's messages posted since position `from` (typing indicators left out). */
  const messagesSince = (from: number) =>
    (sink.activities(conversationId).slice(from) as Posted[]).filter((activity) => activity.type === 'message');
  /** The first message since `from` that satisfies `predicate`, posted or coming. */
  const message = async (from: number, predicate: (activity: Posted) => boolean) =>
    (await sink.waitFor(conversationId, from, (activity) => {
      const posted = activity as Posted;
      return posted.type === 'message' && predicate(posted);
    })) as Posted;

  beforeAll(async () => {
    [bot, sink] = await Promise.all([startTestBot(), ChannelSink.start()]);
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
    const queued = await message(from, (a) => /Position 1/.test(a.text ?? ''));
    expect(queued.channelData?.govbot?.handover).toMatchObject({ state: 'queued', position: 1 });
    const entry = await anna.waitFor('queued');
    expect(entry.handover).toMatchObject({ conversationId, channel: 'emulator', reason: 'requested' });
    const handoverId = entry.handover.id;

    // Taken in the console: the channel hears of it proactively, outside any turn of the citizen.
    from = count();
    const accepted = await anna.request('accept', { handoverId });
    expect(accepted.ok).toBe(true);
    const connected = await message(from, (a) => /verbunden/.test(a.text ?? ''));
    expect(connected.text).toMatch(/\*\*anna\*\*/);
    expect(connected.from?.role).toBe('bot');

    // The channel shows every message as the bot's, so the agent's name leads the text.
    from = count();
    expect((await anna.request('message', { handoverId, text: 'Guten Tag, wie kann ich helfen?' })).ok).toBe(true);
    const fromAgent = await message(from, (a) => /wie kann ich helfen/.test(a.text ?? ''));
    expect(fromAgent.text).toBe('**anna (Service-Center):** Guten Tag, wie kann ich helfen?');

    // The citizen's message goes to the agent; the bot does not answer it (the turn is over when the POST returns).
    from = count();
    await say('Was kostet ein Reisepass?');
    const relayed = await anna.waitFor('activity', (event) => event.activity.text === 'Was kostet ein Reisepass?');
    expect(relayed).toMatchObject({ handoverId, conversationId });
    expect(messagesSince(from)).toEqual([]);

    // Hand back: the end is announced on the channel and the bot answers again.
    from = count();
    expect((await anna.request('end', { handoverId, outcome: 'resolved' })).ok).toBe(true);
    const ended = await message(from, (a) => /beendet/.test(a.text ?? ''));
    expect(ended.channelData?.govbot?.handover?.state).toBe('ended');
    from = count();
    await say('Was kostet ein Reisepass?');
    const answers = messagesSince(from);
    expect(answers.length).toBeGreaterThan(0);
    expect(JSON.stringify(answers)).toMatch(/Reisepass/);
    expect(JSON.stringify(answers)).toMatch(/€/);

    const audit = await bot.storage.audit.listAudit({ conversationId });
    expect(audit.map((a) => a.action).reverse()).toEqual(['handover.requested', 'handover.accepted', 'handover.ended']);
  });
});

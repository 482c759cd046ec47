import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

/** Stands in for the Bot Connector: the texts the bot posts to its serviceUrl, by conversation. */
async function startConnector() {
  const texts = new Map<string, string[]>();
  const app = express();
  app.use(express.json());
  app.post('/v3/conversations/:conversationId/activities{/:replyToId}', (req, res) => {
    const conversationId = String(req.params.conversationId);
    const text: unknown = req.body?.text;
    texts.set(conversationId, [...(texts.get(conversationId) ?? []), typeof text === 'string' ? text : '']);
    res.json({ id: crypto.randomUUID() });
  });
  const server: Server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    texts: (conversationId: string) => texts.get(conversationId) ?? [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('tenants on the Bot Framework endpoint', () => {
  let bot: TestBot;
  let connector: Awaited<ReturnType<typeof startConnector>>;

  /** Posts an activity of a Teams conversation addressed to `botId` (local mode: the answers are sent before 200). */
  const post = async (conversationId: string, botId: string, activity: Record<string, unknown>) => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: crypto.randomUUID(),
        channelId: 'msteams',
        serviceUrl: connector.url,
        conversation: { id: conversationId },
        from: { id: 'citizen-1', name: 'Citizen', role: 'user' },
        recipient: { id: botId, name: 'GovBot', role: 'bot' },
        locale: 'de-DE',
        timestamp: new Date().toISOString(),
        ...activity,
      }),
    });
    expect(response.status).toBe(200);
  };
  const join = (conversationId: string, botId: string) =>
    post(conversationId, botId, { type: 'conversationUpdate', membersAdded: [{ id: 'citizen-1', name: 'Citizen' }] });

  beforeAll(async () => {
    [bot, connector] = await Promise.all([startTestBot(), startConnector()]);
    await bot.storage.tenants.saveTenant('ebersberg', {
      name: 'Ebersberg',
      privacyUrl: 'https://www.ebersberg.example/datenschutz',
      botIds: ['bot-ebersberg'],
    });
    await bot.tenants.refresh();
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.close();
  });

  it("welcomes a conversation with a tenant's bot in that tenant's name, with its privacy notice", async () => {
    await join('teams-eb', 'bot-ebersberg');
    const [welcome] = connector.texts('teams-eb');
    expect(welcome).toContain('der Stadt Ebersberg');
    expect(welcome).toContain('[Datenschutzhinweise](https://www.ebersberg.example/datenschutz)');
    expect(welcome).not.toContain('Musterstadt');
    // Created with the tenant before the transcript stored the first activity.
    expect(await bot.storage.conversations.findConversation('teams-eb')).toMatchObject({
      tenantId: 'ebersberg',
      channel: 'msteams',
    });
    expect(await bot.storage.transcripts.listActivities('teams-eb')).not.toHaveLength(0);
  });

  it('keeps the conversation its tenant whichever bot a later activity names', async () => {
    await post('teams-eb', 'govbot', { type: 'message', text: 'Wie wird das Wetter morgen?' });
    const answer = connector.texts('teams-eb').at(-1);
    expect(answer).toContain('Leistungen der Stadt Ebersberg');
    expect((await bot.storage.conversations.findConversation('teams-eb'))?.tenantId).toBe('ebersberg');
  });

  it('answers other bot ids as the installation, exactly as before tenants', async () => {
    await join('teams-default', 'govbot');
    const [welcome] = connector.texts('teams-default');
    expect(welcome).toContain('der Stadt Musterstadt');
    // GOVBOT_PRIVACY_URL is relative (/datenschutz): made absolute against the bot's address.
    expect(welcome).toContain(`[Datenschutzhinweise](${bot.url}/datenschutz)`);
    expect((await bot.storage.conversations.findConversation('teams-default'))?.tenantId).toBe('default');
  });
});

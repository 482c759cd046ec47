import { once } from 'node:events';
import { createServer } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientActivity } from '../../src/channels/socketio/protocol.js';
import { useCitizenBot } from '../support/citizenBot.js';
import { visibleText } from '../support/citizenClient.js';

/**
 * Control characters in what citizens send are dropped where it enters (see `cleanText`): the bot answers the text
 * without them and stores it so, on every backend. PostgreSQL's `text` refuses NUL; the widget's case runs against it
 * in test/storage/postgresControlCharacters.test.ts.
 */
describe('control characters from the widget', () => {
  const fixture = useCitizenBot();

  it('answers a message with NUL and other control characters, and stores it without them', async () => {
    const citizen = await fixture.connect();
    await citizen.nextMessage();
    const answer = await citizen.ask('Wie beantrage ich einen\u0000 Bewohner\u001Bparkausweis?\u007F');
    expect(visibleText(answer)).toContain('Bewohnerparkausweis');
    const texts = (await fixture.bot.storage.transcripts.listActivities(citizen.session.conversationId)).map(
      (entry) => entry.activity.text,
    );
    expect(texts).toContain('Wie beantrage ich einen Bewohnerparkausweis?');
    expect(JSON.stringify(texts)).not.toMatch(/\\u00(0|1)|\\u007f/i);
  });

  it('cleans a button value like text', async () => {
    const citizen = await fixture.connect();
    await citizen.nextMessage();
    const ack = await citizen.send({ value: { action: 'service', serviceId: 'reise\u0000pass' }, text: 'Reisepass' });
    expect(ack.ok).toBe(true);
    expect(visibleText(await citizen.nextMessage())).toContain('Reisepass');
    const stored = await fixture.bot.storage.transcripts.listActivities(citizen.session.conversationId);
    expect(stored.map((entry) => entry.activity.value)).toContainEqual({ action: 'service', serviceId: 'reisepass' });
  });

  it('cleans the names of attached files, and keeps line breaks', () => {
    const parsed = ClientActivity.parse({
      type: 'message',
      text: 'Zeile 1\r\nZeile\t2',
      attachments: [
        { contentType: 'application/pdf', name: 'ausweis\u0000.pdf', contentUrl: 'data:application/pdf;base64,' },
      ],
    });
    expect(parsed.text).toBe('Zeile 1\r\nZeile\t2');
    expect(parsed.attachments?.[0]?.name).toBe('ausweis.pdf');
  });

  it('refuses a button value nested too deep without walking it', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(ClientActivity.safeParse({ type: 'message', value: deep }).success).toBe(false);
  });
});

describe('control characters from Bot Framework channels', () => {
  const fixture = useCitizenBot();
  const delivered: { text?: string }[] = [];
  const sink = express().use(express.json());
  sink.post('/v3/conversations/:conversationId/activities{/:replyToId}', (req, res) => {
    delivered.push(req.body);
    res.json({ id: `sink-${delivered.length}` });
  });
  const sinkServer = createServer(sink);
  let serviceUrl = '';
  beforeAll(async () => {
    sinkServer.listen(0, '127.0.0.1');
    await once(sinkServer, 'listening');
    const address = sinkServer.address();
    serviceUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => sinkServer.close(() => resolve())));

  const post = (conversationId: string, fields: Record<string, unknown>) =>
    fetch(`${fixture.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: crypto.randomUUID(),
        channelId: 'msteams',
        serviceUrl,
        conversation: { id: conversationId },
        from: { id: 'user-1', name: 'Bürger\u0000in', role: 'user' },
        recipient: { id: 'govbot', name: 'GovBot', role: 'bot' },
        locale: 'de-DE\u0000',
        ...fields,
      }),
    });

  it('answers an activity with NUL in its text, value and locale, and stores it without them', async () => {
    const response = await post('conv-nul', {
      text: 'Wie beantrage ich einen\u0000 Bewohnerparkausweis?',
      value: { note: ['a\u0000b'] },
    });
    expect(response.status).toBe(200);
    await expect.poll(() => delivered.length).toBeGreaterThan(0);
    expect(JSON.stringify(delivered)).toContain('Bewohnerparkausweis');

    const [incoming] = await fixture.bot.storage.transcripts.listActivities('conv-nul');
    expect(incoming?.activity).toMatchObject({
      text: 'Wie beantrage ich einen Bewohnerparkausweis?',
      value: { note: ['ab'] },
      locale: 'de-DE',
      from: { name: 'Bürgerin' },
    });
    expect(await fixture.bot.storage.conversations.findConversation('conv-nul')).toMatchObject({ locale: 'de-DE' });
  });

  it('refuses an activity whose conversation id has a control character, rather than answer another conversation', async () => {
    const response = await post('conv\u0000nul', { text: 'Hallo' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_activity',
      issues: ['conversation.id: control characters'],
    });
    expect(await fixture.bot.storage.conversations.findConversation('convnul')).toBeUndefined();
  });

  it('refuses an activity whose channel or type is or has a control character, rather than fail the turn', async () => {
    for (const fields of [{ channelId: '\u0001' }, { channelId: 'ms\u0000teams' }, { type: '\u0000' }]) {
      const response = await post('conv-control-name', { text: 'Hallo', ...fields });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: 'invalid_activity',
        issues: [`${Object.keys(fields)[0]}: control characters`],
      });
    }
    expect(await fixture.bot.storage.conversations.findConversation('conv-control-name')).toBeUndefined();
  });
});

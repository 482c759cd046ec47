import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

/**
 * The widget channel against abuse, on a real bot with its limits on (low ones, so that the test reaches them):
 * bad events get a clear answer and leave the connection usable, too many messages are refused without being
 * stored, too many connections from one address are refused at the handshake.
 */
describe('widget channel limits and bad input', () => {
  let bot: TestBot;
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    bot = await startTestBot({
      env: {
        GOVBOT_RATE_LIMITS: 'on',
        GOVBOT_MESSAGE_BURST: '3',
        GOVBOT_MESSAGES_PER_MINUTE: '60',
        GOVBOT_MAX_CONNECTIONS_PER_IP: '0',
      },
    });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await bot?.dispose();
  });

  async function citizen(url = bot.url): Promise<CitizenClient> {
    const client = await CitizenClient.connect(url);
    clients.push(client);
    return client;
  }

  it('refuses a handshake beyond the connections one address may hold, with the reason', async () => {
    // A bot of its own: connections of the other tests are counted until the server has seen them close.
    const limited = await startTestBot({ env: { GOVBOT_RATE_LIMITS: 'on', GOVBOT_MAX_CONNECTIONS_PER_IP: '4' } });
    try {
      await refuseFifth(limited.url);
    } finally {
      for (const client of clients.splice(0)) client.close();
      await limited.dispose();
    }
  });

  /** Four connections of one address are served; the fifth is refused until one of them closes. */
  async function refuseFifth(url: string): Promise<void> {
    for (let i = 0; i < 4; i++) await citizen(url);
    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(403);
    expect(await polling.json()).toMatchObject({ message: 'too_many_connections' });
    const refused = io(url, { transports: ['polling'], reconnection: false, forceNew: true });
    const error = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
    refused.close();
    expect(error.message).toMatch(/poll|403/i);
    // Once one closes, the next citizen gets in.
    clients.at(-1)?.close();
    await expect
      .poll(
        () =>
          citizen(url).then(
            () => true,
            () => false,
          ),
        { timeout: 5000 },
      )
      .toBe(true);
  }
  it('refuses the fourth message of a burst with rate_limited and does not store it', async () => {
    const client = await citizen();
    const acks = await Promise.all(
      ['Hallo', 'Personalausweis', 'Reisepass', 'Müll'].map((text) => client.send({ text })),
    );
    expect(acks.slice(0, 3).every((ack) => ack.ok)).toBe(true);
    const refused = acks[3];
    expect(refused).toMatchObject({ ok: false, error: 'rate_limited' });
    expect(refused?.ok === false && refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused?.ok === false && refused.retryAfterMs).toBeLessThanOrEqual(1000);
    const stored = await bot.storage.transcripts.listActivities(client.session.conversationId, 100);
    const texts = stored.map((entry) => entry.activity.text).filter((text) => typeof text === 'string');
    expect(texts).not.toContain('Müll');
    expect(texts).toEqual(expect.arrayContaining(['Hallo', 'Personalausweis', 'Reisepass']));
  });

  it('answers bad events clearly and keeps the connection usable', async () => {
    const client = await citizen();
    const { socket } = client;
    const raw = socket as unknown as Socket;
    const errors: unknown[] = [];
    raw.on('error', (error: unknown) => errors.push(error));
    expect(await raw.timeout(5000).emitWithAck('nonsense', { a: 1 })).toEqual({ ok: false, error: 'unknown_event' });
    raw.emit('nonsense-without-ack', 1, 2, 3);
    await expect
      .poll(() => errors)
      .toEqual([{ code: 'unknown_event', message: 'Unknown event: nonsense-without-ack' }]);
    for (const payload of [null, 42, 'text', [], { type: 'message' }, { type: 'event', text: 'x' }, { text: 7 }]) {
      expect(await raw.timeout(5000).emitWithAck('activity', payload)).toEqual({
        ok: false,
        error: 'invalid_activity',
      });
    }
    const tooLong = { type: 'message', text: 'x'.repeat(2001) };
    expect(await raw.timeout(5000).emitWithAck('activity', tooLong)).toMatchObject({ error: 'invalid_activity' });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50; i++) deep = { deep };
    const nested = { type: 'message', value: deep };
    expect(await raw.timeout(5000).emitWithAck('activity', nested)).toMatchObject({ error: 'invalid_activity' });
    const bigValue = { type: 'message', value: { blob: 'x'.repeat(100_000) } };
    expect(await raw.timeout(5000).emitWithAck('activity', bigValue)).toMatchObject({ error: 'invalid_activity' });
    const binary = { type: 'message', value: Buffer.alloc(1000) };
    expect(await raw.timeout(5000).emitWithAck('activity', binary)).toMatchObject({ error: 'invalid_activity' });
    // Without an acknowledgement, and with something else in its place: nothing breaks.
    raw.emit('activity', { type: 'message', text: 'ohne Bestätigung' }, 'not a function');
    raw.emit('history', { limit: 'viele' });
    expect(await raw.timeout(5000).emitWithAck('history', { limit: -1 })).toEqual({
      ok: false,
      error: 'invalid_request',
    });
    // The acknowledgement may come first when there is no payload.
    expect(await raw.timeout(5000).emitWithAck('history')).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
    const answer = await client.ask('Ich brauche einen neuen Personalausweis');
    expect(visibleText(answer)).toMatch(/Personalausweis/);
  });
});

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { botFrameworkMessage } from '../support/botFrameworkMessage.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

/** Burst of the tests' per-address limit; the bucket refills at one activity a minute, so nothing refills meanwhile. */
const BURST = 3;

/**
 * `POST /api/messages` against abuse: in local mode (no credentials: anyone may post) activities are limited per IP
 * address with the widget's settings, and a refused one is answered 429 with Retry-After and not stored or answered.
 * With credentials the limit does not apply (requests come from the Bot Connector and are authenticated).
 */
describe('Bot Framework endpoint limits', () => {
  let sink: { url: string; conversations: string[]; server: Server };
  const bots: TestBot[] = [];

  beforeAll(async () => {
    // The channel's connector: takes every reply and notes the conversation it was for.
    const conversations: string[] = [];
    const server = createServer((req, res) => {
      const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (match?.[1]) conversations.push(decodeURIComponent(match[1]));
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"sink"}'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    sink = {
      url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      conversations,
      server,
    };
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.dispose();
  });

  afterAll(() => {
    sink?.server.close();
  });

  async function bot(env: NodeJS.ProcessEnv): Promise<TestBot> {
    const started = await startTestBot({
      env: {
        GOVBOT_RATE_LIMITS: 'on',
        GOVBOT_IP_MESSAGE_BURST: String(BURST),
        GOVBOT_IP_MESSAGES_PER_MINUTE: '1',
        // Each test names its citizen's address in X-Forwarded-For, as a reverse proxy would.
        GOVBOT_TRUST_PROXY: '1',
        ...env,
      },
    });
    bots.push(started);
    return started;
  }

  const post = (target: TestBot, conversationId: string, from: string, extra: Record<string, string> = {}) =>
    fetch(`${target.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from, ...extra },
      body: JSON.stringify(
        botFrameworkMessage({
          serviceUrl: sink.url,
          conversationId,
          from: { id: 'citizen', name: 'Citizen', role: 'user' },
          text: 'Was kostet ein Reisepass?',
        }),
      ),
    });

  it('in local mode refuses an address beyond its burst with 429, Retry-After and JSON; nothing of it is kept', async () => {
    const target = await bot({});
    for (let i = 0; i < BURST; i++) expect((await post(target, `bf-admitted-${i}`, '203.0.113.7')).status).toBe(200);
    expect(sink.conversations).toEqual(expect.arrayContaining(['bf-admitted-0', 'bf-admitted-2']));

    const refused = await post(target, 'bf-refused', '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { error: string; retryAfterMs: number };
    expect(body).toEqual({ error: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(Math.ceil(body.retryAfterMs / 1000)).toBe(retryAfter);
    // Refused before botbuilder: no transcript, no conversation, no answer.
    expect(await target.storage.transcripts.listActivities('bf-refused', 10)).toEqual([]);
    expect(sink.conversations).not.toContain('bf-refused');
    expect(await target.storage.transcripts.listActivities('bf-admitted-0', 10)).not.toEqual([]);

    // Another address has its own bucket.
    expect((await post(target, 'bf-other-address', '198.51.100.23')).status).toBe(200);
    // A malformed activity is refused for what it is, and costs the address nothing more.
    const malformed = await fetch(`${target.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '192.0.2.1' },
      body: JSON.stringify({ type: 'message' }),
    });
    expect(malformed.status).toBe(400);
    expect((await post(target, 'bf-after-malformed', '192.0.2.1')).status).toBe(200);
  });

  it('applies no limit with GOVBOT_RATE_LIMITS=off', async () => {
    const target = await bot({ GOVBOT_RATE_LIMITS: 'off' });
    for (let i = 0; i <= BURST + 2; i++) {
      expect((await post(target, `bf-unlimited-${i}`, '203.0.113.8')).status).toBe(200);
    }
  });

  it('applies no limit with credentials: the Bot Connector authenticates every request', async () => {
    const target = await bot({ MicrosoftAppId: crypto.randomUUID(), MicrosoftAppPassword: 'not-a-real-secret' });
    // Unsigned requests are refused by the token check, every one of them, never by the address limit.
    const statuses: number[] = [];
    for (let i = 0; i <= BURST + 2; i++) statuses.push((await post(target, `bf-signed-${i}`, '203.0.113.9')).status);
    expect(statuses).toEqual(Array(BURST + 3).fill(401));
    expect(sink.conversations.filter((id) => id.startsWith('bf-signed-'))).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentClient.js';
import { CitizenClient } from '../support/citizenClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';
import { type Scrape, scrapeMetrics } from './scrapeMetrics.js';

const WIDGET = { channel: 'govbot-web' };

/**
 * `/metrics` of a real bot after real turns over Socket.IO: every figure moves by exactly what the citizen and the
 * agent did, and the page is valid Prometheus text (scrapeMetrics parses it strictly).
 */
describe('Prometheus metrics', () => {
  let bot: TestBot;
  const clients: { close(): void }[] = [];
  beforeAll(async () => {
    bot = await startTestBot();
    await AgentClient.createUser(bot.storage, 'anna');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot.dispose();
  });

  it('counts messages, answers by intent, out-of-scope answers and times every first answer', async () => {
    const before = await scrapeMetrics(bot.url);
    expect(before.value('govbot_messages_received_total')).toBe(0);
    expect(before.has('govbot_process_cpu_seconds_total')).toBe(true);
    expect(before.has('govbot_nodejs_heap_size_used_bytes')).toBe(true);

    const maria = await CitizenClient.connect(bot.url);
    clients.push(maria);
    await maria.nextMessage(); // the welcome: no message of the citizen, nothing counted
    expect(await counted(bot)).toEqual({ messages: 0, timed: 0 });

    await maria.ask('Was kostet ein Reisepass?');
    await maria.ask('Erzähl mir einen Witz');
    const after = await scrapeMetrics(bot.url);
    expect(after.value('govbot_messages_received_total', WIDGET)).toBe(2);
    expect(after.value('govbot_turn_latency_seconds_count', WIDGET)).toBe(2);
    expect(after.value('govbot_turn_latency_seconds_bucket', { ...WIDGET, le: '+Inf' })).toBe(2);
    // Buckets from 1 ms to 5 s, cumulative.
    const buckets = after.samples.filter((sample) => sample.name === 'govbot_turn_latency_seconds_bucket');
    expect(buckets.map((bucket) => bucket.labels.le)).toEqual([
      ...['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'],
    ]);
    const counts = buckets.map((bucket) => bucket.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(after.value('govbot_turn_latency_seconds_sum', WIDGET)).toBeGreaterThan(0);
    expect(after.value('govbot_out_of_scope_total')).toBe(1);
    expect(after.value('govbot_answers_total', { intent: 'None', outcome: 'out_of_scope' })).toBe(1);
    const answered = after.samples.filter(
      (sample) => sample.name === 'govbot_answers_total' && sample.labels.outcome === 'answered',
    );
    expect(answered).toEqual([
      {
        name: 'govbot_answers_total',
        labels: { intent: expect.stringMatching(/^service\.reisepass/), outcome: 'answered' },
        value: 1,
      },
    ]);
    expect(after.value('govbot_answers_total')).toBe(2);
  });

  it('counts handovers requested, accepted and ended and reads the queue and the connections when scraped', async () => {
    const anna = await AgentClient.login(bot.url, 'anna');
    clients.push(anna);
    await anna.overview((overview) => overview.me.status === 'online');
    const tom = await CitizenClient.connect(bot.url);
    clients.push(tom);
    await tom.nextMessage();
    const connected = await scrapeMetrics(bot.url);
    // maria from the test before, and tom.
    expect(connected.value('govbot_socket_connections', { namespace: 'widget' })).toBe(2);
    expect(connected.value('govbot_socket_connections', { namespace: 'agent' })).toBe(1);
    expect(connected.value('govbot_handover_queue_length')).toBe(0);

    await tom.ask('Ich möchte mit einem Menschen sprechen');
    const entry = await anna.waitFor('queued');
    const queued = await scrapeMetrics(bot.url);
    expect(queued.value('govbot_handover_queue_length')).toBe(1);
    expect(handovers(queued)).toEqual({ requested: 1, accepted: 0, ended: 0 });

    expect((await anna.request('accept', { handoverId: entry.handover.id })).ok).toBe(true);
    await tom.nextMessage(); // "verbunden"
    const taken = await scrapeMetrics(bot.url);
    expect(taken.value('govbot_handover_queue_length')).toBe(0);
    expect(handovers(taken)).toEqual({ requested: 1, accepted: 1, ended: 0 });

    expect((await anna.request('message', { handoverId: entry.handover.id, text: 'Guten Tag!' })).ok).toBe(true);
    await tom.nextMessage();
    expect((await anna.request('end', { handoverId: entry.handover.id, outcome: 'resolved' })).ok).toBe(true);
    await tom.nextMessage(); // "beendet"
    const ended = await scrapeMetrics(bot.url);
    // The agent's first reply changed the handover too: still one acceptance.
    expect(handovers(ended)).toEqual({ requested: 1, accepted: 1, ended: 1 });
    expect(ended.value('govbot_messages_received_total', WIDGET)).toBe(3);

    tom.close();
    await waitUntil(
      async () => (await scrapeMetrics(bot.url)).value('govbot_socket_connections', { namespace: 'widget' }) === 1,
    );
  });

  it('shows the deliveries that need attention (counted in deliveryMetrics.test.ts)', async () => {
    const scrape = await scrapeMetrics(bot.url);
    expect(scrape.value('govbot_deliveries', { status: 'pending' })).toBe(0);
    expect(scrape.value('govbot_deliveries', { status: 'failed' })).toBe(0);
    expect(scrape.samples.filter((sample) => sample.name === 'govbot_deliveries').map((s) => s.labels.status)).toEqual([
      'pending',
      'failed',
    ]);
  });

  it('answers only local scrapers without a token, and not through a proxy', async () => {
    const proxied = await fetch(`${bot.url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(proxied.status).toBe(403);
    expect(await proxied.json()).toMatchObject({ error: 'forbidden' });
  });
});

describe('Prometheus metrics with GOVBOT_METRICS_TOKEN', () => {
  const token = 'a-long-scrape-token-0123456789';
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ env: { GOVBOT_METRICS_TOKEN: token } });
  });
  afterAll(() => bot.dispose());

  it('requires the bearer token, also from this machine', async () => {
    const without = await fetch(`${bot.url}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${bot.url}/metrics`, { headers: { Authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
    const bare = await fetch(`${bot.url}/metrics`, { headers: { Authorization: token } });
    expect(bare.status).toBe(401);
    const scrape = await scrapeMetrics(bot.url, { Authorization: `Bearer ${token}`, 'X-Forwarded-For': '203.0.113.7' });
    expect(scrape.has('govbot_out_of_scope_total')).toBe(true);
  });
});

async function counted(bot: TestBot): Promise<{ messages: number; timed: number }> {
  const scrape = await scrapeMetrics(bot.url);
  return {
    messages: scrape.value('govbot_messages_received_total'),
    timed: scrape.value('govbot_turn_latency_seconds_count'),
  };
}

function handovers(scrape: Scrape): Record<'requested' | 'accepted' | 'ended', number> {
  const of = (event: string) => scrape.value('govbot_handovers_total', { event });
  return { requested: of('requested'), accepted: of('accepted'), ended: of('ended') };
}

/** Polls `condition` (a disconnect reaches the server a moment after the client closed). */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import express, { type Express } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signatureHeader, verifySignature } from '../../src/applications/outbox/verifySignature.js';
import { HandoffWebhook } from '../../src/handover/HandoffWebhook.js';
import type { ActionError, ActionResult, HandoverService } from '../../src/handover/HandoverService.js';
import type { Handover, HandoverOutcome } from '../../src/handover/types.js';
import { createHandoffRouter } from '../../src/http/handoffRouter.js';
import { createLogger } from '../../src/logger.js';
import type { TranscriptEntry } from '../../src/storage/repositories.js';
import { freePort, type ReceivedRequest, startWebhookReceiver } from '../applications/webhookReceiver.js';

const SECRET = 'geteiltes Geheimnis des Servicecenters';
const PUBLIC_URL = 'https://govbot.musterstadt.de';

function handover(overrides: Partial<Handover> = {}): Handover {
  return {
    id: 'ho-1',
    tenantId: 'default',
    conversationId: 'conv-1',
    channel: 'govbot-web',
    status: 'queued',
    reason: 'misunderstood',
    lang: 'de',
    topic: { serviceId: 'bewohnerparkausweis', title: 'Bewohnerparkausweis' },
    dialogId: 'bewohnerparkausweis',
    address: {
      channelId: 'govbot-web',
      serviceUrl: 'https://internal.example/relay',
      conversation: { id: 'conv-1' },
      user: { id: 'citizen-secret-id' },
    },
    requestedAt: '2026-03-02T09:00:00.000Z',
    acceptedAt: undefined,
    firstAgentReplyAt: undefined,
    endedAt: undefined,
    agentId: undefined,
    agentName: undefined,
    outcome: undefined,
    external: false,
    ...overrides,
  };
}

function entry(seq: number, activity: Record<string, unknown>): TranscriptEntry {
  return { seq, conversationId: 'conv-1', activityId: undefined, timestamp: `2026-03-02T08:5${seq}:00.000Z`, activity };
}

const TRANSCRIPT: TranscriptEntry[] = [
  entry(1, {
    type: 'message',
    id: 'c-1',
    timestamp: '2026-03-02T08:51:00.000Z',
    from: { id: 'citizen-secret-id', role: 'user' },
    text: 'Ich brauche einen Parkausweis',
    serviceUrl: 'https://internal.example/relay',
    channelData: { socketId: 'abc' },
  }),
  entry(2, { type: 'typing', from: { id: 'govbot', role: 'bot' } }),
  entry(3, {
    type: 'message',
    id: 'b-1',
    from: { id: 'govbot', name: 'GovBot', role: 'bot' },
    text: 'Das habe ich nicht verstanden.',
  }),
  entry(4, { type: 'event', name: 'govbot.handover', value: {} }),
];

/** A logger whose lines the test can read. */
function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}

const Activity = z.looseObject({ id: z.string(), type: z.string() });

/** The received request's activity, after checking that it is signed and keyed as documented. */
function signedActivity(request: ReceivedRequest | undefined): z.infer<typeof Activity> {
  if (request === undefined) throw new Error('no request');
  expect(request.method).toBe('POST');
  expect(request.headers['content-type']).toBe('application/json');
  const check = verifySignature({
    header: String(request.headers['x-govbot-signature']),
    body: request.body,
    secret: SECRET,
  });
  expect(check).toMatchObject({ ok: true });
  const activity = Activity.parse(JSON.parse(request.body));
  expect(request.headers['idempotency-key']).toBe(activity.id);
  return activity;
}

describe('HandoffWebhook: events to a contact-centre system', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('posts signed initiate, status and message activities in order, without channel addresses', async () => {
    receiver = await startWebhookReceiver(() => 200);
    const { logger } = capturedLogger();
    const webhook = new HandoffWebhook({
      url: receiver.url,
      secret: SECRET,
      logger,
      publicUrl: () => `${PUBLIC_URL}/`,
    });
    webhook.initiate(handover(), TRANSCRIPT);
    webhook.status(handover({ status: 'connected', external: true }), 'accepted', 'taken by Petra');
    webhook.message(handover({ status: 'connected', external: true }), {
      type: 'message',
      id: 'c-2',
      text: 'Danke, ich warte.',
      from: { id: 'citizen-secret-id', role: 'user' },
      serviceUrl: 'https://internal.example/relay',
      recipient: { id: 'govbot' },
    });
    webhook.status(handover({ status: 'completed', outcome: 'callback' }), 'completed');
    await webhook.idle();

    expect(receiver.requests).toHaveLength(4);
    const [initiate, accepted, message, completed] = receiver.requests.map(signedActivity);
    expect(initiate).toEqual({
      type: 'event',
      name: 'handoff.initiate',
      id: expect.any(String),
      timestamp: expect.any(String),
      conversation: { id: 'conv-1' },
      value: {
        handoverId: 'ho-1',
        reason: 'misunderstood',
        lang: 'de',
        topic: { serviceId: 'bewohnerparkausweis', title: 'Bewohnerparkausweis' },
        dialogId: 'bewohnerparkausweis',
        channel: 'govbot-web',
        callbackUrl: `${PUBLIC_URL}/api/handoff/ho-1`,
      },
      attachments: [
        {
          contentType: 'application/vnd.microsoft.activity.transcript',
          content: [
            {
              type: 'message',
              id: 'c-1',
              timestamp: '2026-03-02T08:51:00.000Z',
              from: { role: 'user' },
              text: 'Ich brauche einen Parkausweis',
            },
            {
              type: 'message',
              id: 'b-1',
              timestamp: '2026-03-02T08:53:00.000Z',
              from: { role: 'bot', name: 'GovBot' },
              text: 'Das habe ich nicht verstanden.',
            },
          ],
        },
      ],
    });
    expect(accepted).toMatchObject({
      type: 'event',
      name: 'handoff.status',
      conversation: { id: 'conv-1' },
      value: { handoverId: 'ho-1', state: 'accepted', message: 'taken by Petra' },
    });
    expect(message).toEqual({
      type: 'message',
      id: expect.any(String),
      timestamp: expect.any(String),
      text: 'Danke, ich warte.',
      from: { role: 'user' },
      conversation: { id: 'conv-1' },
      value: { handoverId: 'ho-1' },
    });
    expect(completed).toMatchObject({ value: { state: 'completed', message: null, outcome: 'callback' } });
    const everything = receiver.requests.map((request) => request.body).join('\n');
    expect(everything).not.toContain('internal.example');
    expect(everything).not.toContain('citizen-secret-id');
    expect(new Set(receiver.requests.map((request) => request.headers['idempotency-key'])).size).toBe(4);
  });

  it('retries after a 503 with the same key and body, and holds back later events of the handover until then', async () => {
    receiver = await startWebhookReceiver((n) => (n === 1 ? 503 : 200));
    const { logger, lines } = capturedLogger();
    const webhook = new HandoffWebhook({
      url: receiver.url,
      secret: SECRET,
      logger,
      publicUrl: () => PUBLIC_URL,
      retryDelayMs: 20,
    });
    webhook.initiate(handover(), []);
    webhook.status(handover({ status: 'failed' }), 'failed', 'closed');
    await webhook.idle();

    const [first, retried, status] = receiver.requests;
    expect(receiver.requests).toHaveLength(3);
    expect(retried?.body).toBe(first?.body);
    expect(retried?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(signedActivity(retried)).toMatchObject({ name: 'handoff.initiate' });
    expect(signedActivity(status)).toMatchObject({ name: 'handoff.status', value: { state: 'failed' } });
    expect((retried?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(15);
    expect(lines.filter((line) => line.msg === 'handoff webhook: not delivered')).toEqual([]);
  });

  it('does not retry a refusal (4xx), gives up on a receiver that is down, and never throws into the caller', async () => {
    receiver = await startWebhookReceiver(() => 400);
    const { logger, lines } = capturedLogger();
    const refused = new HandoffWebhook({ url: receiver.url, secret: SECRET, logger, publicUrl: () => PUBLIC_URL });
    refused.status(handover(), 'failed', 'nobody');
    await refused.idle();
    expect(receiver.requests).toHaveLength(1);

    const down = new HandoffWebhook({
      url: `http://127.0.0.1:${await freePort()}/hook`,
      secret: SECRET,
      logger,
      publicUrl: () => PUBLIC_URL,
      retries: 2,
      retryDelayMs: 5,
    });
    expect(() => down.initiate(handover(), TRANSCRIPT)).not.toThrow();
    await down.idle();
    const failures = lines.filter((line) => line.msg === 'handoff webhook: not delivered');
    expect(failures).toEqual([
      expect.objectContaining({
        handoverId: 'ho-1',
        kind: 'handoff.status',
        error: expect.stringMatching(/^HTTP 400/),
      }),
      expect.objectContaining({
        handoverId: 'ho-1',
        kind: 'handoff.initiate',
        error: expect.stringMatching(/ECONNREFUSED/),
      }),
    ]);
    expect(lines.filter((line) => line.msg === 'handoff webhook: retrying')).toHaveLength(2);
  });

  it('names the files of a message without text, and sends nothing for a message with neither', async () => {
    receiver = await startWebhookReceiver(() => 200);
    const webhook = new HandoffWebhook({
      url: receiver.url,
      secret: SECRET,
      logger: createLogger('silent'),
      publicUrl: () => PUBLIC_URL,
    });
    const connected = handover({ status: 'connected', external: true });
    webhook.message(connected, {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.govbot.upload+json',
          content: { uploadId: 'u-1', name: 'nachweis.pdf', contentType: 'application/pdf', size: 10, sha256: 'x' },
        },
      ],
    });
    webhook.message(connected, { type: 'message', text: '   ' });
    await webhook.idle();
    expect(receiver.requests).toHaveLength(1);
    expect(signedActivity(receiver.requests[0])).toMatchObject({ text: '📎 nachweis.pdf' });
    expect(receiver.requests[0]?.body).not.toContain('u-1');
  });
});

type Call = [method: string, ...args: unknown[]];

/** Stands in for the HandoverService: records calls and answers with `next` (or the handover). */
function fakeHandovers() {
  const calls: Call[] = [];
  let next: ActionError | undefined;
  const answer = async (call: Call, status: Handover['status']): Promise<ActionResult> => {
    calls.push(call);
    const error = next;
    return error === undefined ? { ok: true, value: handover({ status }) } : { ok: false, error };
  };
  const handovers: Pick<HandoverService, 'externalAccept' | 'externalMessage' | 'externalFail' | 'end'> = {
    externalAccept: (id: string, agentName: string) => answer(['externalAccept', id, agentName], 'connected'),
    externalMessage: (id: string, agentName: string, text: string | undefined) =>
      answer(['externalMessage', id, agentName, text], 'connected'),
    externalFail: (id: string) => answer(['externalFail', id], 'failed'),
    end: (agent, id: string, options: { outcome: HandoverOutcome }) => answer(['end', agent, id, options], 'completed'),
  };
  return {
    handovers,
    calls,
    failWith(error: ActionError | undefined) {
      next = error;
    },
  };
}

describe('POST /api/handoff/:handoverId: the contact-centre system answers', () => {
  const fake = fakeHandovers();
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(createHandoffRouter({ secret: SECRET, handovers: fake.handovers }));
    ({ server, base } = await listen(app));
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });
  afterEach(() => {
    fake.calls.length = 0;
    fake.failWith(undefined);
  });

  async function post(
    activity: unknown,
    options: { id?: string; header?: string | null; key?: string; body?: string } = {},
  ): Promise<{ status: number; json: unknown }> {
    const body = options.body ?? JSON.stringify(activity);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const header = options.header === undefined ? signatureHeader(SECRET, body) : options.header;
    if (header !== null) headers['X-GovBot-Signature'] = header;
    if (options.key !== undefined) headers['Idempotency-Key'] = options.key;
    const response = await fetch(`${base}/api/handoff/${options.id ?? 'ho-1'}`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: response.status, json: await response.json() };
  }

  const accepted = { type: 'event', name: 'handoff.status', value: { state: 'accepted', agentName: 'Petra' } };

  it('refuses requests without a valid, fresh signature of the raw body, acting on none', async () => {
    const body = JSON.stringify(accepted);
    const stale = signatureHeader(SECRET, body, new Date(Date.now() - 10 * 60_000));
    const cases: { header: string | null; reason: string }[] = [
      { header: null, reason: 'malformed' },
      { header: signatureHeader('falsches Geheimnis', body), reason: 'mismatch' },
      { header: stale, reason: 'outside_tolerance' },
      // Signed for another body than the one sent.
      { header: signatureHeader(SECRET, `${body} `), reason: 'mismatch' },
    ];
    for (const { header, reason } of cases) {
      const response = await post(accepted, { header });
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ error: 'invalid_signature', reason });
    }
    expect(fake.calls).toEqual([]);
  });

  it('maps accepted, failed and completed to the handover service', async () => {
    expect(await post(accepted)).toEqual({ status: 200, json: { ok: true, status: 'connected' } });
    expect(await post({ type: 'event', name: 'handoff.status', value: { state: 'failed' } })).toMatchObject({
      status: 200,
    });
    await post({ type: 'event', name: 'handoff.status', value: { state: 'completed', outcome: 'callback' } });
    await post({ type: 'event', name: 'handoff.status', value: { state: 'completed' } }, { id: 'ho-2' });
    expect(fake.calls).toEqual([
      ['externalAccept', 'ho-1', 'Petra'],
      ['externalFail', 'ho-1'],
      ['end', undefined, 'ho-1', { outcome: 'callback' }],
      ['end', undefined, 'ho-2', { outcome: 'resolved' }],
    ]);
  });

  it('passes the agent’s messages and typing on with the agent’s name', async () => {
    const message = await post({ type: 'message', text: 'Guten Tag, hier ist Petra.', from: { name: 'Petra' } });
    expect(message.status).toBe(200);
    await post({ type: 'typing', from: { name: 'Petra' } });
    await post({ type: 'message', text: 'Ohne Namen' });
    expect(fake.calls).toEqual([
      ['externalMessage', 'ho-1', 'Petra', 'Guten Tag, hier ist Petra.'],
      ['externalMessage', 'ho-1', 'Petra', undefined],
      ['externalMessage', 'ho-1', 'Servicecenter', 'Ohne Namen'],
    ]);
  });

  it('answers the service’s refusals with 404, 409 or 400', async () => {
    for (const [error, status] of [
      ['not_found', 404],
      ['taken', 409],
      ['not_connected', 409],
      ['not_yours', 409],
      ['invalid', 400],
    ] as const) {
      fake.failWith(error);
      expect(await post(accepted)).toEqual({ status, json: { error } });
    }
  });

  it('refuses activities it does not know, malformed JSON and another handover’s id', async () => {
    for (const activity of [
      { type: 'event', name: 'handoff.initiate', value: {} },
      { type: 'event', name: 'handoff.status', value: { state: 'paused' } },
      { type: 'event', name: 'handoff.status', value: { state: 'completed', outcome: 'great' } },
      { type: 'message', text: '' },
      { type: 'conversationUpdate' },
    ]) {
      const response = await post(activity);
      expect(response.status, JSON.stringify(activity)).toBe(400);
      expect(response.json).toMatchObject({ error: 'invalid_request', issues: expect.any(Array) });
    }
    const malformed = await post(undefined, { body: '{"type":' });
    expect(malformed).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
    const other = await post({ type: 'message', text: 'Hallo', value: { handoverId: 'ho-9' } });
    expect(other).toEqual({ status: 400, json: { error: 'handover_mismatch' } });
    expect(fake.calls).toEqual([]);
  });

  it('acts once on a repeated Idempotency-Key, but again after a refusal', async () => {
    const message = { type: 'message', text: 'Nur einmal, bitte.', from: { name: 'Petra' } };
    expect((await post(message, { key: 'k-1' })).status).toBe(200);
    expect(await post(message, { key: 'k-1' })).toEqual({ status: 200, json: { ok: true, status: 'connected' } });
    expect(fake.calls).toHaveLength(1);

    fake.failWith('not_connected');
    expect((await post(message, { key: 'k-2' })).status).toBe(409);
    fake.failWith(undefined);
    expect((await post(message, { key: 'k-2' })).status).toBe(200);
    expect(fake.calls).toHaveLength(3);
  });
});

describe('handoff round trip', () => {
  it('the callbackUrl of handoff.initiate takes the system’s signed answer', async () => {
    const fake = fakeHandovers();
    const app = express();
    app.use(createHandoffRouter({ secret: SECRET, handovers: fake.handovers }));
    const { server, base } = await listen(app);
    const receiver = await startWebhookReceiver(() => 200);
    try {
      const webhook = new HandoffWebhook({
        url: receiver.url,
        secret: SECRET,
        logger: createLogger('silent'),
        publicUrl: () => base,
      });
      webhook.initiate(handover({ id: 'ho-rt' }), TRANSCRIPT);
      await webhook.idle();
      const initiate = z
        .object({ value: z.object({ callbackUrl: z.string() }) })
        .parse(JSON.parse(receiver.requests[0]?.body ?? '{}'));
      const answer = JSON.stringify(acceptedBy('Jonas'));
      const response = await fetch(initiate.value.callbackUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-GovBot-Signature': signatureHeader(SECRET, answer) },
        body: answer,
      });
      expect(response.status).toBe(200);
      expect(fake.calls).toEqual([['externalAccept', 'ho-rt', 'Jonas']]);
    } finally {
      await receiver.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

function acceptedBy(agentName: string) {
  return { type: 'event', name: 'handoff.status', value: { state: 'accepted', agentName } };
}

async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return { server, base: `http://127.0.0.1:${address.port}` };
}

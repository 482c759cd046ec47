import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { type ReceivedRequest, startWebhookReceiver } from '../applications/webhookReceiver.js';
import { CitizenClient } from '../support/citizenClient.js';
import { signalUnderLoad, storedActivities } from './chatLoad.js';
import { faultFixture } from './faultFixture.js';
import { answerForm, dialogOf, WATER_METER_READING } from './formSteps.js';
import { govbotCommand } from './govbotProcess.js';
import { stadtwerkeWebhook } from './stadtwerkeWebhook.js';

describe('the server stopped with SIGTERM', () => {
  const fixture = faultFixture();

  it('under load finishes the turn of every acknowledged message, closes the database and exits 0', async () => {
    const dir = fixture.dataDir();
    const server = await fixture.serve(dir);
    const { citizens, exit } = await signalUnderLoad(server, 'SIGTERM', 40);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.logs.map((line) => line.msg)).toContain('shut down');
    // Closed cleanly: the last connection checkpointed the WAL into the database and removed it.
    expect(existsSync(join(dir, 'govbot.sqlite-wal'))).toBe(false);

    const after = await fixture.serve(dir);
    for (const { client, sent } of citizens) {
      const resumed = await CitizenClient.connect(after.url, { token: client.session.token });
      fixture.later(() => resumed.close());
      const activities = await storedActivities(resumed);
      for (const message of sent.filter((m) => m.acked)) {
        expect(activities.filter((a) => a.id === message.id)).toHaveLength(1);
        // The turn ran to its end: the bot's answer to it is stored (it reached the citizen if still connected).
        expect(activities.some((a) => a.from?.role === 'bot' && a.replyToId === message.id)).toBe(true);
      }
    }
  }, 60_000);

  it('lets a turn that waits on its channel finish, refusing new connections meanwhile', async () => {
    const server = await fixture.serve(fixture.dataDir());
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A Bot Framework channel's connector that takes the bot's answer only when the test lets it.
    const connector = await startConnector(released);
    fixture.later(() => connector.close());
    const answered = fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(botFrameworkMessage(connector.url, 'Ich brauche einen Reisepass')),
    });
    const answer = await connector.answer;
    const stopped = server.stop('SIGTERM');
    await server.waitForLog((line) => line.msg === 'shutting down');
    await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
    release();
    expect((await answered).status).toBe(200);
    expect(answer).toMatchObject({ type: 'message' });
    expect(JSON.stringify(answer)).toContain('Reisepass');
    expect(await stopped).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('exits 1 after GOVBOT_SHUTDOWN_TIMEOUT_MS when a turn never finishes, saying the shutdown was forced', async () => {
    const timeoutMs = 2_000;
    const server = await fixture.serve(fixture.dataDir(), { GOVBOT_SHUTDOWN_TIMEOUT_MS: String(timeoutMs) });
    // A connector that takes the bot's answer and never replies: the turn waits for it for ever.
    const connector = await startConnector(new Promise<void>(() => undefined));
    fixture.later(() => connector.close());
    const answered = fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(botFrameworkMessage(connector.url, 'Ich brauche einen Reisepass')),
    }).catch((error: unknown) => error);
    await connector.answer;

    const signalled = performance.now();
    const exit = await server.stop('SIGTERM');
    const tookMs = performance.now() - signalled;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(tookMs).toBeGreaterThanOrEqual(timeoutMs - 50);
    // The timer, then the exit; far below the 15 s default and the 5 s grace of connections in flight.
    expect(tookMs).toBeLessThan(timeoutMs + 2_500);
    const messages = server.logs.map((line) => line.msg);
    expect(messages).toContain('shutting down');
    expect(messages).not.toContain('shut down');
    expect(server.logs.find((line) => line.forced === true)).toMatchObject({
      level: 50,
      msg: 'shutdown forced after the timeout: exiting without closing',
      graceMs: timeoutMs,
    });
    // The citizen's request was cut with the process, never answered.
    expect(await answered).toBeInstanceOf(Error);
  }, 60_000);

  it('waits for a delivery under way and records it, so that the next start does not send it again', async () => {
    const dir = fixture.dataDir();
    let shuttingDown: Promise<unknown> = new Promise(() => undefined);
    let received: (request: ReceivedRequest) => void = () => undefined;
    const deliveryUnderWay = new Promise<ReceivedRequest>((resolve) => {
      received = resolve;
    });
    // The Stadtwerke's system answers only once the server has been told to stop.
    const receiver = await startWebhookReceiver(async (_n, request) => {
      received(request);
      await shuttingDown;
      return 200;
    });
    fixture.later(() => receiver.close());
    const server = await fixture.serve(dir, stadtwerkeWebhook(dir, receiver.url));
    shuttingDown = server.waitForLog((line) => line.msg === 'shutting down');
    const citizen = await CitizenClient.connect(server.url);
    fixture.later(() => citizen.close());
    await citizen.nextMessage();
    for (const step of WATER_METER_READING) expect((await answerForm(citizen, step.answer)).field).toBe(step.next);
    const submitted: ServerActivity = await citizen.ask('Ja, abschicken');
    expect(dialogOf(submitted)?.state).toBe('submitted');

    await deliveryUnderWay;
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const messages = server.logs.map((line) => line.msg);
    expect(messages.indexOf('outbox: delivered')).toBeGreaterThan(messages.indexOf('shutting down'));
    const { stdout } = await govbotCommand(['deliveries', '--data-dir', dir, '--json']);
    expect(JSON.parse(stdout)).toMatchObject([{ recipientId: 'stadtwerke', status: 'delivered', attempts: 1 }]);
    expect(receiver.requests).toHaveLength(1);
  }, 60_000);
});

/** A Bot Framework connector on 127.0.0.1 that receives the bot's first answer and holds it until `released`. */
async function startConnector(
  released: Promise<void>,
): Promise<{ url: string; answer: Promise<unknown>; close(): void }> {
  let received: (activity: unknown) => void = () => undefined;
  const answer = new Promise<unknown>((resolve) => {
    received = resolve;
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      received(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      await released;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: crypto.randomUUID() }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, answer, close: () => server.close() };
}

function botFrameworkMessage(serviceUrl: string, text: string) {
  return {
    type: 'message',
    id: crypto.randomUUID(),
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: 'conversation-at-shutdown' },
    from: { id: 'citizen-1', name: 'Citizen', role: 'user' },
    recipient: { id: 'govbot', name: 'GovBot', role: 'bot' },
    locale: 'de-DE',
    text,
    timestamp: new Date().toISOString(),
  };
}

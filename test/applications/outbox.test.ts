import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ApplicationService } from '../../src/applications/ApplicationService.js';
import { ApplicationPayload } from '../../src/applications/outbox/ApplicationPayload.js';
import { buildPayload } from '../../src/applications/outbox/buildPayload.js';
import { deliverFolder } from '../../src/applications/outbox/deliverFolder.js';
import {
  type DeliveryAttempt,
  OutboxWorker,
  type OutboxWorkerOptions,
} from '../../src/applications/outbox/OutboxWorker.js';
import { verifySignature } from '../../src/applications/outbox/verifySignature.js';
import type { RecipientsFile } from '../../src/applications/recipients.js';
import type { ApplicationSubmission } from '../../src/applications/types.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { submission } from './fixtures.js';
import { freePort, startWebhookReceiver } from './webhookReceiver.js';

const SECRET = 'test-secret-steueramt';
const ENV = { GOVBOT_SECRET_STEUERAMT: SECRET };
/** Not text: every byte value once. */
const PDF = Buffer.from(Array.from({ length: 256 }, (_, n) => n));

const root = mkdtempSync(join(tmpdir(), 'govbot-outbox-'));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function webhookRecipients(url: string): RecipientsFile['recipients'] {
  return {
    steueramt: {
      name: { de: 'Steueramt Musterstadt', en: 'Municipal Tax Office' },
      delivery: { type: 'webhook', url, secretEnv: 'GOVBOT_SECRET_STEUERAMT' },
    },
  };
}

function openStorage(file = ':memory:'): Storage {
  const storage = openSqliteStorage(file);
  cleanups.push(() => storage.close());
  return storage;
}

/** Submits a dog registration with a PDF attached, for the given recipients. */
async function submitWithAttachment(
  storage: Storage,
  overrides: Partial<ApplicationSubmission> = {},
): Promise<{ reference: string }> {
  const upload = await storage.uploads.saveUpload({
    conversationId: 'c1',
    name: 'Impfpass Bello (Kopie).pdf',
    contentType: 'application/pdf',
    data: PDF,
  });
  const { name, contentType, size, sha256 } = upload;
  return new ApplicationService(storage.applications).submit(
    submission({
      recipients: [{ id: 'steueramt', copy: false }],
      attachments: [{ path: 'vaccination', uploadId: upload.id, name, contentType, size, sha256 }],
      ...overrides,
    }),
  );
}

/** A worker with tiny timings and a clock the test moves. */
function worker(storage: Storage, options: Partial<OutboxWorkerOptions>) {
  let clock = Date.now();
  const attempts: DeliveryAttempt[] = [];
  const outbox = new OutboxWorker({
    applications: storage.applications,
    uploads: storage.uploads,
    recipients: {},
    outboxDir: join(root, randomUUID()),
    env: ENV,
    now: () => new Date(clock),
    leaseMs: 5_000,
    webhookTimeoutMs: 2_000,
    onAttempt: (attempt) => attempts.push(attempt),
    ...options,
  });
  cleanups.push(() => outbox.stop());
  return {
    outbox,
    attempts,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('outbox: webhook deliveries', () => {
  it('retries a receiver that answers 503 with growing waits, and delivers the same signed payload with the same idempotency key', async () => {
    const receiver = await startWebhookReceiver((n) => (n <= 2 ? 503 : 200));
    cleanups.push(receiver.close);
    const storage = openStorage();
    const { reference } = await submitWithAttachment(storage);
    const delivered = new Promise<DeliveryAttempt>((resolve) => {
      const outbox = new OutboxWorker({
        applications: storage.applications,
        uploads: storage.uploads,
        recipients: webhookRecipients(receiver.url),
        outboxDir: join(root, randomUUID()),
        env: ENV,
        pollIntervalMs: 2,
        backoff: { baseMs: 40, maxMs: 1_000, jitter: 0.2 },
        leaseMs: 5_000,
        webhookTimeoutMs: 2_000,
        onAttempt: (attempt) => {
          if (attempt.outcome === 'delivered') resolve(attempt);
        },
      });
      cleanups.push(() => outbox.stop());
      outbox.start();
    });

    expect(await delivered).toMatchObject({ attempt: 3, outcome: 'delivered' });
    const [deliveryRow] = await storage.applications.listDeliveries({ reference });
    expect(deliveryRow).toMatchObject({ status: 'delivered', attempts: 3, lastError: undefined });
    const deliveryId = deliveryRow?.id;

    const { requests } = receiver;
    expect(requests).toHaveLength(3);
    // Waits of about 40 ms, then about 80 ms (± 20 %).
    const [first, second, third] = requests.map((request) => request.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(30);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(62);
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['idempotency-key']).toBe(deliveryId);
      expect(request.headers['x-govbot-delivery']).toBe(deliveryId);
      const header = request.headers['x-govbot-signature'];
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature({ header: String(header), body: request.body, secret: SECRET })).toMatchObject({
        ok: true,
      });
      expect(verifySignature({ header: String(header), body: request.body, secret: 'wrong' })).toEqual({
        ok: false,
        reason: 'mismatch',
      });
      expect(
        verifySignature({ header: String(header), body: request.body.replace('Bello', 'Hasso'), secret: SECRET }),
      ).toEqual({ ok: false, reason: 'mismatch' });
    }

    const payload = ApplicationPayload.parse(JSON.parse(requests[2]?.body ?? ''));
    expect(payload).toMatchObject({
      schema: 'govbot.application/v1',
      deliveryId,
      reference,
      dialog: { id: 'hund-anmelden', fingerprint: 'fp-dialog-1', title: 'Hund anmelden' },
      service: { id: 'hund-anmelden', leika: ['99108008000000'] },
      recipient: { id: 'steueramt', name: 'Steueramt Musterstadt', copy: false },
      language: 'de',
      values: submission().values,
      computed: { fee: 120 },
      summary: submission().summary,
    });
    expect(payload.attachments).toHaveLength(1);
    expect(payload.attachments[0]).toMatchObject({
      path: 'vaccination',
      name: 'Impfpass Bello (Kopie).pdf',
      size: 256,
    });
    expect(Buffer.from(payload.attachments[0]?.contentBase64 ?? '', 'base64').equals(PDF)).toBe(true);
  });

  it('keeps a delivery while its receiver is down and delivers it once the receiver is up', async () => {
    const port = await freePort();
    const storage = openStorage();
    const { reference } = await submitWithAttachment(storage);
    const { outbox, attempts, advance } = worker(storage, {
      recipients: webhookRecipients(`http://127.0.0.1:${port}/hook`),
      backoff: { baseMs: 1_000, jitter: 0 },
    });

    expect(await outbox.runOnce()).toBe(1);
    expect(attempts[0]).toMatchObject({ outcome: 'retry', error: expect.stringMatching(/ECONNREFUSED/) });
    expect(await storage.applications.listDeliveries({ reference })).toMatchObject([
      { status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) },
    ]);
    // Not due before its backoff has passed.
    advance(999);
    expect(await outbox.runOnce()).toBe(0);

    const receiver = await startWebhookReceiver(() => 200, port);
    cleanups.push(receiver.close);
    advance(1);
    expect(await outbox.runOnce()).toBe(1);
    expect(attempts[1]).toMatchObject({ outcome: 'delivered', attempt: 2 });
    expect(receiver.requests).toHaveLength(1);
    expect(await storage.applications.listDeliveries({ reference })).toMatchObject([
      { status: 'delivered', attempts: 2 },
    ]);
  });

  it('gives up after maxAttempts, and delivers after an operator retries', async () => {
    let up = false;
    const receiver = await startWebhookReceiver(() => (up ? 200 : 503));
    cleanups.push(receiver.close);
    const storage = openStorage();
    const { reference } = await submitWithAttachment(storage);
    const { outbox, attempts, advance } = worker(storage, {
      recipients: webhookRecipients(receiver.url),
      maxAttempts: 3,
      backoff: { baseMs: 100, maxMs: 150, jitter: 0 },
    });

    for (let n = 0; n < 3; n += 1) {
      expect(await outbox.runOnce()).toBe(1);
      advance(150);
    }
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'failed']);
    expect(attempts.slice(0, 2).map((attempt) => (attempt.outcome === 'retry' ? attempt.nextAttemptAt : 0))).toEqual([
      expect.any(Date),
      expect.any(Date),
    ]);
    const [failed] = await storage.applications.listDeliveries({ reference });
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503: Service Unavailable' });
    advance(3_600_000);
    expect(await outbox.runOnce()).toBe(0);

    up = true;
    expect(await storage.applications.retryDelivery(failed?.id ?? '')).toBe(true);
    expect(await outbox.runOnce()).toBe(1);
    expect(await storage.applications.listDeliveries({ reference })).toMatchObject([{ status: 'delivered' }]);
    expect(receiver.requests).toHaveLength(4);
    expect(new Set(receiver.requests.map((request) => request.headers['idempotency-key']))).toEqual(
      new Set([failed?.id]),
    );
  });

  it('waits 5 s after the first failure, doubling up to an hour, with ±20 % jitter by default', async () => {
    const storage = openStorage();
    await submitWithAttachment(storage);
    const waits: number[] = [];
    let clock = Date.now();
    let random = 0;
    const outbox = new OutboxWorker({
      applications: storage.applications,
      uploads: storage.uploads,
      recipients: webhookRecipients('http://127.0.0.1:9/hook'),
      outboxDir: root,
      env: ENV,
      now: () => new Date(clock),
      random: () => random,
      fetch: async () => new Response('down', { status: 503 }),
      onAttempt: (attempt) => {
        if (attempt.outcome === 'retry') waits.push(attempt.nextAttemptAt.getTime() - clock);
      },
    });
    for (const r of [0.5, 0.5, 0.5, 0, 1 - 1e-9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) {
      random = r;
      await outbox.runOnce();
      clock += 7_200_000;
    }
    expect(waits).toEqual([
      5_000, 10_000, 20_000, 32_000, 96_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000,
    ]);
    await outbox.runOnce();
    expect((await storage.applications.listDeliveries())[0]).toMatchObject({ status: 'failed', attempts: 12 });
  });

  it('stop() waits for a delivery under way, which is then recorded', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const receiver = await startWebhookReceiver(async () => {
      arrived();
      await released;
      return 200;
    });
    cleanups.push(receiver.close);
    const storage = openStorage();
    const { reference } = await submitWithAttachment(storage);
    const { outbox } = worker(storage, { recipients: webhookRecipients(receiver.url), pollIntervalMs: 1 });
    outbox.start();
    await requestArrived;

    let stopped = false;
    const stopping = outbox.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await storage.applications.listDeliveries({ reference })).toMatchObject([{ status: 'delivered' }]);
  });

  it('refuses to start without the signing secret, naming the variable', () => {
    const storage = openStorage();
    expect(
      () =>
        new OutboxWorker({
          applications: storage.applications,
          uploads: storage.uploads,
          recipients: webhookRecipients('https://fachverfahren.example/hook'),
          outboxDir: root,
          env: {},
        }),
    ).toThrow(/GOVBOT_SECRET_STEUERAMT/);
  });

  it('two workers on one database never send one delivery twice', async () => {
    const receiver = await startWebhookReceiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 200;
    });
    cleanups.push(receiver.close);
    const file = join(root, randomUUID(), 'govbot.sqlite');
    const first = openStorage(file);
    const second = openStorage(file);
    const recipients: RecipientsFile['recipients'] = {
      ...webhookRecipients(`${receiver.url}/steueramt`),
      ordnungsamt: {
        name: { de: 'Ordnungsamt' },
        delivery: { type: 'webhook', url: `${receiver.url}/ordnungsamt`, secretEnv: 'GOVBOT_SECRET_STEUERAMT' },
      },
    };
    for (let n = 0; n < 15; n += 1) {
      await new ApplicationService(first.applications).submit(submission({ submissionKey: `draft-${n}` }));
    }
    let delivered = 0;
    const allDelivered = new Promise<void>((resolve) => {
      for (const storage of [first, second]) {
        const outbox = new OutboxWorker({
          applications: storage.applications,
          uploads: storage.uploads,
          recipients,
          outboxDir: root,
          env: ENV,
          pollIntervalMs: 1,
          batchSize: 3,
          leaseMs: 5_000,
          webhookTimeoutMs: 2_000,
          onAttempt: (attempt) => {
            if (attempt.outcome === 'delivered' && ++delivered === 30) resolve();
          },
        });
        cleanups.push(() => outbox.stop());
        outbox.start();
      }
    });

    await allDelivered;
    const keys = receiver.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
    const deliveries = await second.applications.listDeliveries();
    expect(deliveries.every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1)).toBe(true);
  });
});

describe('outbox: folder deliveries', () => {
  it('delivers an application submitted between polls at once when woken, not at the next poll', async () => {
    const storage = openStorage();
    const delivered: DeliveryAttempt[] = [];
    const { outbox } = worker(storage, {
      // A poll an hour away: only wake() can bring the delivery out within the test.
      pollIntervalMs: 3_600_000,
      now: () => new Date(),
      recipients: { steueramt: { name: { de: 'Steueramt' }, delivery: { type: 'folder', path: 'steueramt' } } },
      onAttempt: (attempt) => delivered.push(attempt),
    });
    outbox.start();
    // The first poll (at start) finds nothing; then the worker sleeps.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { reference } = await submitWithAttachment(storage);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(delivered).toEqual([]);
    outbox.wake();
    await expect.poll(() => delivered.map((attempt) => attempt.outcome)).toEqual(['delivered']);
    expect(await storage.applications.listDeliveries({ reference })).toMatchObject([{ status: 'delivered' }]);
  });

  it('writes the JSON and the attachments into the recipient’s folder, and writing again is harmless', async () => {
    const storage = openStorage();
    const { reference } = await submitWithAttachment(storage);
    const outboxDir = join(root, randomUUID());
    const { outbox, attempts } = worker(storage, {
      outboxDir,
      recipients: { steueramt: { name: { de: 'Steueramt' }, delivery: { type: 'folder', path: 'steueramt' } } },
    });

    expect(await outbox.runOnce()).toBe(1);
    expect(attempts).toMatchObject([{ outcome: 'delivered' }]);
    const folder = join(outboxDir, 'steueramt');
    const attachmentFile = `${reference}-1-Impfpass_Bello_Kopie_.pdf`;
    expect(readdirSync(folder).sort()).toEqual([attachmentFile, `${reference}.json`].sort());
    expect(readFileSync(join(folder, attachmentFile)).equals(PDF)).toBe(true);
    const written = ApplicationPayload.parse(JSON.parse(readFileSync(join(folder, `${reference}.json`), 'utf8')));
    expect(written).toMatchObject({ reference, recipient: { id: 'steueramt', name: 'Steueramt' } });
    expect(written.attachments).toEqual([
      {
        path: 'vaccination',
        name: 'Impfpass Bello (Kopie).pdf',
        contentType: 'application/pdf',
        size: 256,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        file: attachmentFile,
      },
    ]);

    const application = await storage.applications.findApplication(reference);
    if (application === undefined) throw new Error('application not stored');
    const [delivery] = await storage.applications.listDeliveries({ reference });
    if (delivery === undefined) throw new Error('delivery not stored');
    const payload = await buildPayload(application, delivery, { name: { de: 'Steueramt' } }, storage.uploads);
    const before = readFileSync(join(folder, `${reference}.json`), 'utf8');
    await deliverFolder(outboxDir, 'steueramt', payload);
    expect(readdirSync(folder).sort()).toEqual([attachmentFile, `${reference}.json`].sort());
    expect(readFileSync(join(folder, `${reference}.json`), 'utf8')).toBe(before);
  });

  it('retries, rather than sends incomplete, when an attachment is gone', async () => {
    const storage = openStorage();
    const { reference } = await new ApplicationService(storage.applications).submit(
      submission({
        recipients: [{ id: 'steueramt', copy: false }],
        attachments: [
          { path: 'photo', uploadId: 'gone', name: 'a.png', contentType: 'image/png', size: 1, sha256: '0'.repeat(64) },
        ],
      }),
    );
    const { outbox, attempts } = worker(storage, {
      recipients: { steueramt: { name: { de: 'Steueramt' }, delivery: { type: 'folder', path: 'steueramt' } } },
    });
    await outbox.runOnce();
    expect(attempts).toMatchObject([{ outcome: 'retry', error: expect.stringMatching(/upload gone .* is gone/) }]);
    expect(await storage.applications.listDeliveries({ reference })).toMatchObject([{ status: 'pending' }]);
  });
});

import type { Logger } from '../../logger.js';
import type { ApplicationRepository, UploadRepository } from '../../storage/repositories.js';
import type { RecipientsFile } from '../recipients.js';
import type { Delivery } from '../types.js';
import { buildPayload } from './buildPayload.js';
import { deliverFolder } from './deliverFolder.js';
import { type DeliveryOutcome, deliverWebhook } from './deliverWebhook.js';

export interface OutboxWorkerOptions {
  applications: ApplicationRepository;
  uploads: UploadRepository;
  /** Recipients by id, as in `dialogs/recipients.yaml`. */
  recipients: RecipientsFile['recipients'];
  /** `<data dir>/outbox`: folder recipients' paths are relative to it. */
  outboxDir: string;
  /** Where webhook secrets are read from (`secretEnv`), once, at construction. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Pause between polls when the outbox was empty. Default 5 s. */
  pollIntervalMs?: number;
  /** Deliveries claimed and sent at once. Default 10. */
  batchSize?: number;
  /** How long a claimed delivery is reserved for this worker; must exceed `webhookTimeoutMs`. Default 2 min. */
  leaseMs?: number;
  /** Attempts before a delivery is `failed`. Default 12: the last one about 2½ hours after the first, with the default backoff. */
  maxAttempts?: number;
  /** Wait after the n-th failed attempt: `baseMs · 2ⁿ⁻¹`, at most `maxMs`, ± `jitter`. Default 5 s, 1 h, 0.2. */
  backoff?: { baseMs?: number; maxMs?: number; jitter?: number };
  /** Default 10 s. */
  webhookTimeoutMs?: number;
  now?: () => Date;
  /** Uniform in [0, 1), for the jitter. */
  random?: () => number;
  fetch?: typeof fetch;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Called after every attempt, once its result is stored. */
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

/** One attempt's result: `retry` with the time of the next attempt, `failed` when there will be none. */
export type DeliveryAttempt = { delivery: Delivery; attempt: number } & (
  | { outcome: 'delivered' }
  | { outcome: 'retry'; error: string; nextAttemptAt: Date }
  | { outcome: 'failed'; error: string }
);

/**
 * Sends the outbox: claims due deliveries with a lease (so several workers, also in several processes, never send one
 * delivery at once), delivers each to its recipient's folder or webhook, and records the result. A failed attempt is
 * retried with exponential backoff and jitter until `maxAttempts`, then the delivery is `failed` and waits for an
 * operator (`govbot deliveries retry`). Nothing is lost while a recipient is down: the delivery stays in the database.
 */
export class OutboxWorker {
  private readonly secrets = new Map<string, string>();
  private readonly inFlight = new Set<Promise<number>>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly pollIntervalMs: number;
  /** `wake()` came while a poll was under way: the next poll follows at once. */
  private woken = false;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: Required<NonNullable<OutboxWorkerOptions['backoff']>>;
  private readonly webhookTimeoutMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;

  /** Throws, naming every missing variable, when a webhook recipient's secret is not set. */
  constructor(private readonly options: OutboxWorkerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.batchSize = options.batchSize ?? 10;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.maxAttempts = options.maxAttempts ?? 12;
    this.backoff = { baseMs: 5_000, maxMs: 3_600_000, jitter: 0.2, ...options.backoff };
    this.webhookTimeoutMs = options.webhookTimeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    if (this.leaseMs <= this.webhookTimeoutMs) {
      throw new Error('outbox: leaseMs must be longer than webhookTimeoutMs, or a slow delivery could be sent twice');
    }
    const env = options.env ?? process.env;
    const missing: string[] = [];
    for (const [id, { delivery }] of Object.entries(options.recipients)) {
      if (delivery.type !== 'webhook') continue;
      const secret = env[delivery.secretEnv];
      if (secret) this.secrets.set(id, secret);
      else missing.push(`${delivery.secretEnv} (recipient "${id}")`);
    }
    if (missing.length > 0) {
      throw new Error(`outbox: webhook signing secret not set in the environment: ${missing.join(', ')}`);
    }
  }

  /** Polls until `stop()`; a full batch is followed by the next one at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the deliveries under way to be sent and recorded. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Claims the due deliveries (at most `batchSize`), sends them concurrently and records each result. */
  async runOnce(): Promise<number> {
    const run = this.sendDue();
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  /**
   * A delivery became due now (an application was just submitted): polls at once instead of at the next interval, or
   * right after the poll under way.
   */
  wake(): void {
    if (!this.running) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.schedule(0);
    } else {
      this.woken = true;
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, delayMs);
    // The worker alone should not keep a process (a CLI command, a test) alive.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    let claimed = 0;
    try {
      claimed = await this.runOnce();
    } catch (error) {
      this.options.logger?.error({ err: error }, 'outbox: polling failed');
    }
    const again = claimed >= this.batchSize || this.woken;
    this.woken = false;
    if (this.running) this.schedule(again ? 0 : this.pollIntervalMs);
  }

  private async sendDue(): Promise<number> {
    const due = await this.options.applications.claimDueDeliveries(this.now(), this.batchSize, this.leaseMs);
    // allSettled: one delivery whose result cannot be stored must not leave the others unawaited.
    const results = await Promise.allSettled(due.map((delivery) => this.attempt(delivery)));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    return due.length;
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.send(delivery);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const { applications, logger, onAttempt } = this.options;
    const facts = {
      deliveryId: delivery.id,
      reference: delivery.reference,
      recipientId: delivery.recipientId,
      attempt,
    };
    let result: DeliveryAttempt;
    if (outcome.ok) {
      await applications.markDelivered(delivery.id, this.now());
      logger?.info(facts, 'outbox: delivered');
      result = { delivery, attempt, outcome: 'delivered' };
    } else if (attempt >= this.maxAttempts) {
      await applications.markAttemptFailed(delivery.id, outcome.error, undefined);
      logger?.error({ ...facts, error: outcome.error }, 'outbox: delivery failed, no further attempts');
      result = { delivery, attempt, outcome: 'failed', error: outcome.error };
    } else {
      const nextAttemptAt = new Date(this.now().getTime() + this.backoffDelay(attempt));
      await applications.markAttemptFailed(delivery.id, outcome.error, nextAttemptAt);
      logger?.warn({ ...facts, error: outcome.error, nextAttemptAt }, 'outbox: attempt failed, will retry');
      result = { delivery, attempt, outcome: 'retry', error: outcome.error, nextAttemptAt };
    }
    onAttempt?.(result);
  }

  private async send(delivery: Delivery): Promise<DeliveryOutcome> {
    const recipient = this.options.recipients[delivery.recipientId];
    if (recipient === undefined) return { ok: false, error: `recipient "${delivery.recipientId}" is not configured` };
    const application = await this.options.applications.findApplication(delivery.reference);
    if (application === undefined) return { ok: false, error: `application ${delivery.reference} not found` };
    const payload = await buildPayload(application, delivery, recipient, this.options.uploads);
    const target = recipient.delivery;
    if (target.type === 'folder') {
      await deliverFolder(this.options.outboxDir, target.path, payload);
      return { ok: true };
    }
    const secret = this.secrets.get(delivery.recipientId);
    if (secret === undefined) return { ok: false, error: `no signing secret for recipient "${delivery.recipientId}"` };
    return deliverWebhook({ url: target.url, secret }, delivery.id, JSON.stringify(payload), {
      timeoutMs: this.webhookTimeoutMs,
      now: this.now(),
      fetch: this.options.fetch,
    });
  }

  /** Exponential from `baseMs`, capped at `maxMs`, spread by ± `jitter` so that retries of many deliveries scatter. */
  private backoffDelay(attempt: number): number {
    const { baseMs, maxMs, jitter } = this.backoff;
    const delay = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    return Math.max(0, Math.round(delay * (1 + jitter * (2 * this.random() - 1))));
  }
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { type DeliveryOutcome, deliverWebhook } from '../applications/outbox/deliverWebhook.js';
import { KeyedQueue } from '../bot/KeyedQueue.js';
import type { Logger } from '../logger.js';
import type { TranscriptEntry } from '../storage/repositories.js';
import type { HandoffSink } from './HandoverService.js';
import type { Handover } from './types.js';

export interface HandoffWebhookOptions {
  url: string;
  /** Signs every request like the outbox webhooks (`X-GovBot-Signature`); the same secret checks the answers. */
  secret: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** GovBot's public base URL, for the `callbackUrl` the system answers to. */
  publicUrl: () => string;
  /** Further attempts after a transient failure (5xx, 429, no answer); default 3. */
  retries?: number;
  /** Wait before the first retry, doubled for each further one; default 500 ms. */
  retryDelayMs?: number;
  /** How long one attempt may take; default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
}

export const TRANSCRIPT_CONTENT_TYPE = 'application/vnd.microsoft.activity.transcript';

/**
 * The Bot Framework handoff protocol toward a contact-centre system: `handoff.initiate` with the transcript when a
 * chat is queued, `handoff.status` on every change, and the citizen's messages while the system has the chat. Each
 * activity is one signed POST with its id as `Idempotency-Key`; the posts of one handover go out in order, transient
 * failures are retried a few times, and nothing is thrown into the caller (the chat goes on in the built-in console).
 */
export class HandoffWebhook implements HandoffSink {
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: HandoffWebhookOptions) {}

  initiate(handover: Handover, transcript: TranscriptEntry[]): void {
    this.send(handover, 'handoff.initiate', {
      ...this.envelope(handover),
      type: 'event',
      name: 'handoff.initiate',
      value: {
        handoverId: handover.id,
        reason: handover.reason,
        lang: handover.lang,
        topic: handover.topic ?? null,
        dialogId: handover.dialogId ?? null,
        channel: handover.channel,
        callbackUrl: `${this.options.publicUrl().replace(/\/+$/, '')}/api/handoff/${encodeURIComponent(handover.id)}`,
      },
      attachments: [{ contentType: TRANSCRIPT_CONTENT_TYPE, content: transcriptActivities(transcript) }],
    });
  }

  status(handover: Handover, state: 'accepted' | 'failed' | 'completed', message?: string): void {
    this.send(handover, 'handoff.status', {
      ...this.envelope(handover),
      type: 'event',
      name: 'handoff.status',
      value: {
        handoverId: handover.id,
        state,
        message: message ?? null,
        ...(state === 'completed' && handover.outcome !== undefined ? { outcome: handover.outcome } : {}),
      },
    });
  }

  message(handover: Handover, activity: Record<string, unknown>): void {
    const text = citizenText(activity);
    if (text === undefined) return;
    this.send(handover, 'message', {
      ...this.envelope(handover),
      type: 'message',
      text,
      from: { role: 'user' },
      value: { handoverId: handover.id },
    });
  }

  /** Resolves once every post started so far has been delivered or given up (for shutdown and tests). */
  async idle(): Promise<void> {
    await this.queue.drain();
  }

  private envelope(handover: Handover): { id: string; timestamp: string; conversation: { id: string } } {
    return {
      id: randomUUID(),
      timestamp: (this.options.now?.() ?? new Date()).toISOString(),
      conversation: { id: handover.conversationId },
    };
  }

  private send(handover: Handover, kind: string, activity: { id: string } & Record<string, unknown>): void {
    const facts = { handoverId: handover.id, conversationId: handover.conversationId, activityId: activity.id, kind };
    void this.queue
      .run(handover.id, () => this.post(activity.id, JSON.stringify(activity)))
      .then(
        (outcome) => {
          if (outcome.ok) this.options.logger.debug(facts, 'handoff webhook: delivered');
          else this.options.logger.error({ ...facts, error: outcome.error }, 'handoff webhook: not delivered');
        },
        (error: unknown) => this.options.logger.error({ ...facts, err: error }, 'handoff webhook: not delivered'),
      );
  }

  /** One activity, attempted until it is delivered, refused (4xx) or out of retries. */
  private async post(activityId: string, body: string): Promise<DeliveryOutcome> {
    const { url, secret, retries = 3, retryDelayMs = 500, timeoutMs = 10_000 } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await deliverWebhook({ url, secret }, activityId, body, {
        timeoutMs,
        now: this.options.now?.(),
        fetch: this.options.fetch,
      });
      if (outcome.ok || !isTransient(outcome) || attempt >= retries) return outcome;
      this.options.logger.warn({ activityId, attempt: attempt + 1, error: outcome.error }, 'handoff webhook: retrying');
      await sleep(retryDelayMs * 2 ** attempt);
    }
  }
}

/** A receiver that is down or overloaded may take the activity later; one that refused it will refuse it again. */
function isTransient(outcome: { status?: number }): boolean {
  return outcome.status === undefined || outcome.status >= 500 || outcome.status === 429;
}

/** What of a stored activity the contact centre sees: the conversation, not the channel's addresses or state. */
const TranscriptActivity = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  timestamp: z.string().optional(),
  from: z.looseObject({ role: z.string().optional(), name: z.string().optional() }).optional(),
  text: z.string().optional(),
  attachments: z.array(z.unknown()).optional(),
});

function transcriptActivities(transcript: TranscriptEntry[]): Record<string, unknown>[] {
  return [...transcript]
    .sort((a, b) => a.seq - b.seq)
    .flatMap((entry) => {
      const parsed = TranscriptActivity.safeParse(entry.activity);
      if (!parsed.success || parsed.data.type !== 'message') return [];
      const { id, timestamp, from, text, attachments } = parsed.data;
      return [
        {
          type: 'message',
          id,
          timestamp: timestamp ?? entry.timestamp,
          from: { role: from?.role ?? 'user', ...(from?.name === undefined ? {} : { name: from.name }) },
          text: text ?? '',
          ...(attachments === undefined ? {} : { attachments }),
        },
      ];
    });
}

const CitizenMessage = z.looseObject({
  text: z.string().optional(),
  attachments: z.array(z.looseObject({ name: z.string().optional(), content: z.unknown() })).optional(),
});
const UploadName = z.looseObject({ name: z.string() });

/** The citizen's text; a message with only files names them, since the system cannot fetch GovBot's uploads. */
function citizenText(activity: Record<string, unknown>): string | undefined {
  const parsed = CitizenMessage.safeParse(activity);
  if (!parsed.success) return undefined;
  const text = parsed.data.text?.trim();
  if (text) return text;
  const names = (parsed.data.attachments ?? []).flatMap((attachment) => {
    const name = attachment.name ?? UploadName.safeParse(attachment.content).data?.name;
    return name === undefined ? [] : [`📎 ${name}`];
  });
  return names.length > 0 ? names.join('\n') : undefined;
}

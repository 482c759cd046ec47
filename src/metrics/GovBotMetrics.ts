import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryStatus } from '../applications/types.js';

/** What the scrape-time gauges read; set once the parts exist (the channels are attached after the bot). */
export interface MetricsSources {
  /** Chats waiting for a person. */
  queueLength?: () => number;
  /** Open Socket.IO connections by namespace (`widget`, `agent`). */
  connections?: () => Record<string, number>;
  /** Deliveries to recipients that still need attention, by status. */
  deliveries?: () => Promise<Partial<Record<DeliveryStatus, number>>>;
}

const PREFIX = 'govbot_';

/**
 * GovBot's Prometheus metrics in a registry of its own (not prom-client's global one), so that several bots in one
 * process (tests, the release gate's bot) never clash over metric names. Counters are bumped by the observers in this
 * folder; queue length, connections and deliveries are read when Prometheus scrapes, so they are never stale.
 */
export class GovBotMetrics {
  readonly registry = new Registry();
  readonly sources: MetricsSources = {};

  readonly messagesReceived = new Counter({
    name: `${PREFIX}messages_received_total`,
    help: 'Messages citizens sent, by channel.',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  /** A turn that threw (a storage failure, a lost state update): the citizen may have had no or half an answer. */
  readonly turnErrors = new Counter({
    name: `${PREFIX}turn_errors_total`,
    help: 'Turns of citizen messages that failed, by channel.',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  /** From receipt (the widget's server-side stamp, else the turn's start) to the first message the bot sends back. */
  readonly turnLatency = new Histogram({
    name: `${PREFIX}turn_latency_seconds`,
    help: 'Seconds from a citizen message received to the first answer sent, by channel.',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly answers = new Counter({
    name: `${PREFIX}answers_total`,
    help: 'Understood messages by intent of the live model (or other) and what the bot did with them.',
    labelNames: ['intent', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly outOfScope = new Counter({
    name: `${PREFIX}out_of_scope_total`,
    help: 'Messages the bot could not answer (out of scope); rate over govbot_answers_total gives the share.',
    registers: [this.registry],
  });

  readonly handovers = new Counter({
    name: `${PREFIX}handovers_total`,
    help: 'Handovers to a person: requested by the citizen, accepted by an agent, ended (completed, cancelled, failed).',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  readonly trainingRuns = new Counter({
    name: `${PREFIX}training_runs_total`,
    help: 'Finished training runs by result: passed (the release gate), rejected (by the gate) or failed.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    const { sources } = this;
    new Gauge({
      name: `${PREFIX}handover_queue_length`,
      help: 'Chats waiting for a person.',
      registers: [this.registry],
      collect() {
        if (sources.queueLength) this.set(sources.queueLength());
      },
    });
    new Gauge({
      name: `${PREFIX}socket_connections`,
      help: 'Open Socket.IO connections by namespace.',
      labelNames: ['namespace'] as const,
      registers: [this.registry],
      collect() {
        for (const [namespace, count] of Object.entries(sources.connections?.() ?? {})) this.set({ namespace }, count);
      },
    });
    new Gauge({
      name: `${PREFIX}deliveries`,
      help: 'Deliveries of applications to recipients not yet done: pending, or failed for good (retry by hand).',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const counts = (await sources.deliveries?.()) ?? {};
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      },
    });
  }

  /** The exposition text Prometheus scrapes. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { KeyedQueue } from '../bot/KeyedQueue.js';
import { redactedUrl } from '../config/databaseUrl.js';
import type { Logger } from '../logger.js';
import {
  type Cluster,
  type ClusterBus,
  type ClusterLocks,
  type Lease,
  type LockOptions,
  LockTimeout,
} from './Cluster.js';

export interface RedisClusterOptions {
  url: string;
  /** Prefix of every key and channel, so that installations can share one Redis; default `govbot:`. */
  prefix?: string;
  logger: Logger;
  /** A lock not renewed for this long is free again (its holder died); default 10 s. */
  lockTtlMs?: number;
  /** How long start-up waits for Redis; default 10 s. */
  connectTimeoutMs?: number;
}

const DEFAULT_PREFIX = 'govbot:';
const DEFAULT_LOCK_TTL_MS = 10_000;
const DEFAULT_WAIT_MS = 30_000;
/** Polling for a held lock starts fast (turns are short) and backs off to this. */
const MAX_POLL_MS = 25;

/** Deletes the lock only if this holder still has it. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** Extends the lock only if this holder still has it. */
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

type Client = RedisClientType;

/** Connected Redis clients for the cluster and for Socket.IO's adapter. */
export class RedisCluster implements Cluster {
  readonly instanceId = randomUUID();
  readonly shared = true;
  readonly bus: ClusterBus;
  readonly locks: ClusterLocks;
  private readonly prefix: string;

  private constructor(
    /** Commands and publishing. */
    readonly client: Client,
    /** Subscriptions of the bus. */
    private readonly subscriber: Client,
    /** Subscriptions of Socket.IO's Redis adapter, which wants a connection of its own. */
    readonly adapterSubscriber: Client,
    options: RedisClusterOptions,
  ) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.bus = new RedisBus(client, subscriber, this.prefix, this.instanceId, options.logger);
    this.locks = new RedisLocks(client, this.prefix, options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS, options.logger);
  }

  static async connect(options: RedisClusterOptions): Promise<RedisCluster> {
    const { logger } = options;
    const client: Client = createClient({
      url: options.url,
      // A command while Redis is away fails at once instead of waiting for it: a turn must not hang on its lock.
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) },
    });
    const subscriber = client.duplicate({ disableOfflineQueue: false });
    const adapterSubscriber = client.duplicate({ disableOfflineQueue: false });
    for (const [name, connection] of [
      ['commands', client],
      ['bus', subscriber],
      ['socket.io', adapterSubscriber],
    ] as const) {
      // Without a listener an error event would end the process; the client reconnects by itself.
      connection.on('error', (error: unknown) =>
        logger.warn({ err: error, connection: name }, 'redis connection error'),
      );
    }
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const connecting = Promise.all([client.connect(), subscriber.connect(), adapterSubscriber.connect()]);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        connecting,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis at ${redactedUrl(options.url)} not reachable within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      await Promise.allSettled([client, subscriber, adapterSubscriber].map((connection) => connection.destroy()));
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return new RedisCluster(client, subscriber, adapterSubscriber, options);
  }

  /** Whether the command connection is up (for `/readyz`). */
  get connected(): boolean {
    return this.client.isReady;
  }

  /** Socket.IO's adapter channels carry this prefix too. */
  get socketIoKey(): string {
    return `${this.prefix}socket.io`;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber, this.adapterSubscriber, this.client].map((client) => client.close()));
  }
}

class RedisBus implements ClusterBus {
  private readonly handlers = new Map<string, Set<(message: unknown, from: string) => void>>();

  constructor(
    private readonly client: Client,
    private readonly subscriber: Client,
    private readonly prefix: string,
    private readonly instanceId: string,
    private readonly logger: Logger,
  ) {}

  async publish(topic: string, message: unknown): Promise<void> {
    await this.client.publish(this.channel(topic), JSON.stringify({ from: this.instanceId, message }));
  }

  subscribe(topic: string, handler: (message: unknown, from: string) => void): () => void {
    let handlers = this.handlers.get(topic);
    if (!handlers) {
      const set = new Set<typeof handler>();
      handlers = set;
      this.handlers.set(topic, set);
      void this.subscriber
        .subscribe(this.channel(topic), (raw) => this.deliver(topic, set, raw))
        .catch((error: unknown) => this.logger.error({ err: error, topic }, 'redis: could not subscribe'));
    }
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  private deliver(topic: string, handlers: Set<(message: unknown, from: string) => void>, raw: string): void {
    let envelope: { from?: unknown; message?: unknown };
    try {
      envelope = JSON.parse(raw) as typeof envelope;
    } catch {
      this.logger.warn({ topic }, 'redis: unreadable cluster message dropped');
      return;
    }
    if (typeof envelope.from !== 'string' || envelope.from === this.instanceId) return;
    for (const handler of handlers) {
      try {
        handler(envelope.message, envelope.from);
      } catch (error) {
        this.logger.error({ err: error, topic }, 'cluster message handler failed');
      }
    }
  }

  private channel(topic: string): string {
    return `${this.prefix}bus:${topic}`;
  }
}

class RedisLocks implements ClusterLocks {
  /** Waiters of one instance queue here first, so they do not poll Redis against each other. */
  private readonly local = new KeyedQueue();

  constructor(
    private readonly client: Client,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  withLock<T>(name: string, task: (lease: Lease) => Promise<T>, options: LockOptions = {}): Promise<T> {
    return this.local.run(name, async () => {
      const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
      const token = randomUUID();
      const started = Date.now();
      let pause = 1;
      const ttlMs = options.ttlMs ?? this.ttlMs;
      for (;;) {
        const sentAt = performance.now();
        if (await this.acquire(name, token, ttlMs)) return this.holding(name, token, { ttlMs, sentAt }, task);
        if (Date.now() - started >= waitMs) throw new LockTimeout(name, Date.now() - started);
        await sleep(pause);
        pause = Math.min(pause * 2, MAX_POLL_MS);
      }
    });
  }

  async tryLock<T>(
    name: string,
    task: (lease: Lease) => Promise<T>,
    options: Pick<LockOptions, 'ttlMs'> = {},
  ): Promise<{ acquired: true; value: T } | { acquired: false }> {
    if (this.local.has(name)) return { acquired: false };
    const ttlMs = options.ttlMs ?? this.ttlMs;
    return this.local.run(name, async () => {
      const token = randomUUID();
      const sentAt = performance.now();
      if (!(await this.acquire(name, token, ttlMs))) return { acquired: false as const };
      return { acquired: true as const, value: await this.holding(name, token, { ttlMs, sentAt }, task) };
    });
  }

  private async acquire(name: string, token: string, ttlMs: number): Promise<boolean> {
    const reply = await this.client.set(this.key(name), token, {
      condition: 'NX',
      expiration: { type: 'PX', value: ttlMs },
    });
    return reply === 'OK';
  }

  /**
   * Runs `task` holding the lock, renewing it every third of its time to live. The lease is given up (`lost`) when
   * Redis says the key is no longer ours, and also a third of the time to live before the key could expire when no
   * renewal got through (Redis unreachable or too slow): the holder stops before another can take the lock, rather
   * than finding out afterwards. `sentAt`: when the request that took the lock was sent (`performance.now()`).
   */
  private async holding<T>(
    name: string,
    token: string,
    { ttlMs, sentAt }: { ttlMs: number; sentAt: number },
    task: (lease: Lease) => Promise<T>,
  ): Promise<T> {
    const key = this.key(name);
    const lost = new AbortController();
    // The key lives at least until then (monotonic clock): counted from the sending of the last request Redis confirmed.
    let liveUntil = sentAt + ttlMs;
    const giveUp = (reason: string) => {
      if (lost.signal.aborted) return;
      this.logger.error({ lock: name }, reason);
      lost.abort(new Error(`lock ${name}: ${reason}`));
    };
    // A timer of its own, moved on by every confirmed renewal: the renewals' ticks alone could come too late.
    let deadline: NodeJS.Timeout | undefined;
    const armDeadline = () => {
      clearTimeout(deadline);
      deadline = setTimeout(
        () => giveUp('cluster lock given up: not renewed in time, it may expire'),
        Math.max(0, liveUntil - ttlMs / 3 - performance.now()),
      );
      deadline.unref();
    };
    const renew = () => {
      const sent = performance.now();
      this.client
        .eval(RENEW, { keys: [key], arguments: [token, String(ttlMs)] })
        .then((renewed) => {
          if (renewed !== 1) return giveUp('cluster lock lost while held (it expired)');
          liveUntil = Math.max(liveUntil, sent + ttlMs);
          if (!lost.signal.aborted) armDeadline();
        })
        .catch((error: unknown) => this.logger.warn({ err: error, lock: name }, 'cluster lock not renewed'));
    };
    armDeadline();
    const renewal = setInterval(renew, Math.floor(ttlMs / 3));
    renewal.unref();
    try {
      return await task({ lost: lost.signal });
    } finally {
      clearInterval(renewal);
      clearTimeout(deadline);
      await this.client
        .eval(RELEASE, { keys: [key], arguments: [token] })
        .catch((error: unknown) =>
          this.logger.warn({ err: error, lock: name }, 'cluster lock not released; it expires by itself'),
        );
    }
  }

  private key(name: string): string {
    return `${this.prefix}lock:${name}`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

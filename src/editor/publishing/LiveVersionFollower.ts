import { z } from 'zod';
import type { ClusterBus } from '../../cluster/Cluster.js';
import type { Logger } from '../../logger.js';
import type { Storage } from '../../storage/repositories.js';
import { type LiveKnowledge, loadVersionKnowledge } from './versionKnowledge.js';

/** The topic on which an instance that made a version live tells the others. */
export const LIVE_VERSION_TOPIC = 'knowledge.live';

/** What is said on `LIVE_VERSION_TOPIC`: the number of the version now live. */
export const LiveVersionMessage = z.object({ version: z.number().int() });
export type LiveVersionMessage = z.infer<typeof LiveVersionMessage>;

export interface LiveVersionFollowerOptions {
  storage: Storage;
  bus: ClusterBus;
  /** The number of the version this instance answers with now (it changes when this instance publishes, too). */
  loadedVersion: () => number;
  /** Makes a version published elsewhere this instance's knowledge, as `PublishingService`'s `onLive` does. */
  onLive: (live: LiveKnowledge) => void | Promise<void>;
  /** How often storage is asked for a newer live version, in case a message was lost; default 30 s. */
  checkIntervalMs?: number;
  logger?: Logger;
}

/**
 * Keeps an instance answering with the version another instance published or rolled back to: a message on the bus
 * says "look", and a periodic check of storage catches what a lost message (or `govbot train`) did not say. Versions
 * only grow (a rollback publishes under a new number), so the live version is the highest, and a version at or below
 * the loaded one is never loaded: a late message cannot take the bot back.
 */
export class LiveVersionFollower {
  /** The check waiting to run, if any: a trigger meanwhile joins it, since it reads storage when it runs. */
  private queued: Promise<void> | undefined;
  /** The last check, which the next one waits for: one load at a time. */
  private last: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveVersionFollowerOptions) {}

  /**
   * Listens for messages, and checks storage now (a version may have gone live since this instance loaded its own)
   * and then periodically.
   */
  start(): void {
    if (this.timer) return;
    this.unsubscribe = this.options.bus.subscribe(LIVE_VERSION_TOPIC, (message) => this.heard(message));
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs ?? 30_000);
    // The check must not keep a stopping process alive.
    this.timer.unref();
    void this.check();
  }

  /** Stops listening and checking, and waits for a load under way, so that storage can be closed after. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.last;
  }

  /** Loads storage's live version if it is newer than the loaded one; resolves when done (or failed, and logged). */
  check(): Promise<void> {
    if (!this.queued) {
      const queued = this.last.then(() => {
        this.queued = undefined;
        return this.catchUp();
      });
      this.queued = queued;
      this.last = queued;
    }
    return this.queued;
  }

  private heard(raw: unknown): void {
    const message = LiveVersionMessage.safeParse(raw);
    // A version this instance has (or has passed) needs no look; anything else on the topic means "look".
    if (message.success && message.data.version <= this.options.loadedVersion()) return;
    void this.check();
  }

  private async catchUp(): Promise<void> {
    const { storage, loadedVersion, logger } = this.options;
    try {
      const live = await storage.versions.liveVersion();
      if (!live || live.version <= loadedVersion()) return;
      const knowledge = await loadVersionKnowledge(storage, live);
      // Loading takes a while; this instance may have published a newer version itself meanwhile.
      if (live.version <= loadedVersion()) return;
      await this.options.onLive(knowledge);
      logger?.info({ version: live.version, fingerprint: live.fingerprint }, 'version published elsewhere: now live');
    } catch (error) {
      logger?.error({ err: error }, 'live version not loaded; trying again at the next check');
    }
  }
}

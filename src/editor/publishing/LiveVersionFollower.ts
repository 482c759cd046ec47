import { z } from 'zod';
import type { ClusterBus } from '../../cluster/Cluster.js';
import type { Logger } from '../../logger.js';
import type { IntentModel } from '../../nlu/IntentModel.js';
import type { Storage } from '../../storage/repositories.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { type LiveKnowledge, loadVersionKnowledge } from './versionKnowledge.js';

/** The topic on which an instance that made a version live tells the others. */
export const LIVE_VERSION_TOPIC = 'knowledge.live';

/** What is said on `LIVE_VERSION_TOPIC`: the tenant and the number of its version now live. */
export const LiveVersionMessage = z.object({ version: z.number().int(), tenant: z.string().default(DEFAULT_TENANT) });
export type LiveVersionMessage = z.input<typeof LiveVersionMessage>;

export interface LiveVersionFollowerOptions {
  storage: Storage;
  /** Where instances say they made a version live; without one (a single instance), the periodic check alone. */
  bus?: ClusterBus;
  /** The tenants whose versions to follow: all of the directory's, `default` among them. */
  tenants: () => Iterable<string>;
  /**
   * The number of the tenant's version this instance answers with (it changes when this instance publishes, too);
   * 0 while the tenant answers with the shared one.
   */
  loadedVersion: (tenantId: string) => number;
  /** A model this instance has loaded already, used rather than read again (tenants trained from equal content). */
  loadedModel?: (fingerprint: string) => IntentModel | undefined;
  /** Makes a version published elsewhere the tenant's knowledge here, as `PublishingService`'s `onLive` does. */
  onLive: (tenantId: string, live: LiveKnowledge) => void | Promise<void>;
  /** How often storage is asked for newer live versions, in case a message was lost; default 30 s. */
  checkIntervalMs?: number;
  logger?: Logger;
}

/**
 * Keeps an instance answering, for every tenant, with the version another instance (or `govbot train`) published or
 * rolled back to: a message on the bus says "look", and a periodic check of storage catches what a lost message did
 * not say. A tenant's versions only grow (a rollback publishes under a new number), so its live version is its
 * highest, and a version at or below the loaded one is never loaded: a late message cannot take the bot back.
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
    this.unsubscribe = this.options.bus?.subscribe(LIVE_VERSION_TOPIC, (message) => this.heard(message));
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

  /**
   * Loads each tenant's live version that is newer than its loaded one; resolves when done (a tenant's that failed is
   * logged, and tried again at the next check).
   */
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
    if (message.success && message.data.version <= this.options.loadedVersion(message.data.tenant)) return;
    void this.check();
  }

  private async catchUp(): Promise<void> {
    for (const tenantId of this.options.tenants()) await this.catchUpTenant(tenantId);
  }

  private async catchUpTenant(tenantId: string): Promise<void> {
    const { storage, loadedVersion, logger } = this.options;
    try {
      const live = await storage.knowledgeOf(tenantId).versions.liveVersion();
      if (!live || live.version <= loadedVersion(tenantId)) return;
      const knowledge = await loadVersionKnowledge(storage, live, this.options.loadedModel);
      // Loading takes a while; this instance may have published a newer version itself meanwhile.
      if (live.version <= loadedVersion(tenantId)) return;
      await this.options.onLive(tenantId, knowledge);
      logger?.info(
        { tenant: tenantId, version: live.version, fingerprint: live.fingerprint },
        'version published elsewhere: now live',
      );
    } catch (error) {
      logger?.error({ err: error, tenant: tenantId }, 'live version not loaded; trying again at the next check');
    }
  }
}

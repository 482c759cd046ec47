import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { WEB_WIDGET_CHANNEL } from '../bot/render/channelCapabilities.js';
import type { Logger } from '../logger.js';
import type { ConversationRepository } from '../storage/repositories.js';
import type { EffectiveTenant, TenantDirectory } from './TenantDirectory.js';

/** Turn state: the `EffectiveTenant` of the turn's conversation (read it with `tenantOf`). */
export const TURN_TENANT = Symbol('govbot.tenant');

/** The tenant of the turn's conversation, as `TenantMiddleware` found it; the default tenant in a turn without it. */
export function tenantOf(context: TurnContext, tenants: Pick<TenantDirectory, 'fallback'>): EffectiveTenant {
  const tenant: EffectiveTenant | undefined = context.turnState.get(TURN_TENANT);
  return tenant ?? tenants.fallback;
}

export interface TenantMiddlewareOptions {
  directory: Pick<TenantDirectory, 'get' | 'fallback' | 'byBotId'>;
  conversations: Pick<ConversationRepository, 'ensureConversation' | 'findConversation'>;
  logger: Logger;
  /** Conversations whose tenant is kept in memory (default 10,000). */
  cacheSize?: number;
  /** How long an unused entry stays (default an hour; see `tenantIdCache`). */
  maxIdleMs?: number;
  now?: () => number;
}

/**
 * Puts the tenant of the turn's conversation into the turn state, for every turn of every channel, proactive ones
 * (the service centre's) included. The widget's channel creates its conversations with their tenant, so a widget
 * turn reads it. A Bot Framework conversation is first seen with an activity: the bot it is addressed to names the
 * tenant, and the conversation is created with it here. Must run before the `TranscriptMiddleware`, which would
 * otherwise create it as the default tenant's. A conversation never changes tenant: an existing one keeps its own,
 * whichever bot id a later activity names.
 */
export class TenantMiddleware implements Middleware {
  private readonly cache: LRUCache<string, string>;
  /** Tenant ids already warned about, so that a removed tenant's conversations do not flood the log. */
  private readonly warned = new Set<string>();

  constructor(private readonly options: TenantMiddlewareOptions) {
    this.cache = tenantIdCache(options.cacheSize ?? 10_000, options.maxIdleMs ?? 60 * 60_000, options.now);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // A channel that knows the tenant already (it set it) saves the lookup.
    if (context.turnState.get(TURN_TENANT) === undefined) {
      context.turnState.set(TURN_TENANT, await this.tenantOfActivity(context.activity));
    }
    await next();
  }

  /** Drops what is known of a conversation (deleted: an activity with its id would create it anew). */
  forget(conversationId: string): void {
    this.cache.delete(conversationId);
  }

  private async tenantOfActivity(activity: Partial<Activity>): Promise<EffectiveTenant> {
    const { directory } = this.options;
    const conversationId = activity.conversation?.id;
    if (!conversationId) return isWidget(activity) ? directory.fallback : directory.byBotId(activity.recipient?.id);
    const tenantId = this.cache.get(conversationId) ?? (await this.storedTenantId(conversationId, activity));
    return tenantId === undefined ? directory.fallback : this.known(tenantId);
  }

  /** The conversation's tenant as stored, the Bot Framework conversation created with its bot's tenant first. */
  private async storedTenantId(conversationId: string, activity: Partial<Activity>): Promise<string | undefined> {
    const { conversations, directory } = this.options;
    const conversation = isWidget(activity)
      ? await conversations.findConversation(conversationId)
      : await conversations.ensureConversation({
          id: conversationId,
          channel: activity.channelId ?? 'unknown',
          locale: activity.locale ?? 'de',
          tenantId: directory.byBotId(activity.recipient?.id).id,
        });
    // A widget conversation that is gone (deleted during the turn) is not remembered: it has no tenant to keep.
    if (conversation) this.cache.set(conversationId, conversation.tenantId);
    return conversation?.tenantId;
  }

  /** A tenant removed from the directory (or not yet read by this instance) leaves its conversations the default's. */
  private known(tenantId: string): EffectiveTenant {
    const tenant = this.options.directory.get(tenantId);
    if (tenant) return tenant;
    if (!this.warned.has(tenantId)) {
      this.warned.add(tenantId);
      this.options.logger.warn({ tenantId }, 'tenants: a conversation of an unknown tenant; answering as the default');
    }
    return this.options.directory.fallback;
  }
}

function isWidget(activity: Partial<Activity>): boolean {
  return activity.channelId === WEB_WIDGET_CHANNEL;
}

/**
 * Conversation id → tenant id, the least recently used dropped beyond `size`. A conversation's tenant never changes,
 * but a conversation can be deleted (retention, "Chat löschen", `govbot conversation delete`) and its id come back
 * on a Bot Framework channel: then the first activity must create it with its tenant again, not find a stale entry
 * and leave it to the transcript (the default tenant). Entries unused for `maxIdleMs` are therefore dropped: far
 * shorter than any retention period, so that a conversation deleted for being idle is never still known here.
 */
function tenantIdCache(size: number, maxIdleMs: number, now?: () => number): LRUCache<string, string> {
  return new LRUCache<string, string>({
    max: size,
    ttl: maxIdleMs,
    // Idle time: every lookup starts it again.
    updateAgeOnGet: true,
    ...(now && { perf: { now }, ttlResolution: 0 }),
  });
}

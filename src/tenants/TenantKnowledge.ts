import type { Knowledge } from '../bot/GovBot.js';
import type { LiveKnowledge } from '../editor/publishing/versionKnowledge.js';
import type { IntentModel } from '../nlu/IntentModel.js';
import { yieldToEventLoop } from '../nlu/inSlices.js';
import { Understanding } from '../nlu/Understanding.js';
import { DEFAULT_TENANT } from './types.js';

interface Live {
  version: number;
  model: IntentModel;
  knowledge: Knowledge;
}

/**
 * What each tenant answers with right now (docs/tenants.md): the live version of its own, once it has published one,
 * else the `default` tenant's, which is the shared layer. Each tenant's knowledge is replaced as a whole; a turn reads
 * it once, so it always sees one whole model.
 */
export class TenantKnowledge {
  private readonly live = new Map<string, Live>();

  /** `shared` is the `default` tenant's live version. */
  constructor(shared: LiveKnowledge) {
    this.goLive(DEFAULT_TENANT, shared);
  }

  /** The knowledge a tenant's turns answer with. */
  of(tenantId: string): Knowledge {
    return this.loaded(tenantId).knowledge;
  }

  /** The number of the tenant's own version loaded; 0 while it answers with the shared one. */
  loadedVersion(tenantId: string): number {
    return this.live.get(tenantId)?.version ?? 0;
  }

  /**
   * A loaded model trained with this fingerprint: tenants trained from the same content (no own content, or the same)
   * share one model in memory rather than each loading a copy.
   */
  model(fingerprint: string): IntentModel | undefined {
    for (const live of this.live.values()) {
      if (live.model.fingerprint === fingerprint) return live.model;
    }
    return undefined;
  }

  /**
   * Makes `published` the tenant's knowledge, unless the tenant already answers with that version or a newer one:
   * version numbers only grow (a rollback republishes under a new one), so a late, older one must not replace a
   * newer. Returns whether it did.
   */
  goLive(tenantId: string, published: LiveKnowledge): boolean {
    const version = published.version.version;
    if (version < this.loadedVersion(tenantId)) return false;
    const knowledge = knowledgeOf(published);
    this.live.set(tenantId, { version, model: published.model, knowledge });
    // In the background; a question that comes first builds what is missing itself (and meets any error there).
    knowledge.understanding.prepare(yieldToEventLoop).catch(() => undefined);
    return true;
  }

  private loaded(tenantId: string): Live {
    const live = this.live.get(tenantId) ?? this.live.get(DEFAULT_TENANT);
    // The constructor loads the default tenant's, and nothing removes it.
    if (!live) throw new Error('tenant knowledge: the shared version is missing');
    return live;
  }
}

/** The bot's view of a version: the understanding (model and services) and the offices by id. */
export function knowledgeOf(live: Pick<LiveKnowledge, 'model' | 'services' | 'offices'>): Knowledge {
  return {
    understanding: new Understanding(live.model, live.services),
    offices: new Map(live.offices.map((office) => [office.id, office])),
  };
}

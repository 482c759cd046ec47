import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { KnowledgeStorage } from '../repositories.js';

/**
 * `Storage.knowledgeOf` for a backend: the `default` tenant's layer is the one given, every other tenant's is opened
 * once with `open` and kept (a handful of small objects per tenant).
 */
export function knowledgeLayers(
  shared: KnowledgeStorage,
  open: (tenantId: string) => KnowledgeStorage,
): (tenantId: string) => KnowledgeStorage {
  const layers = new Map<string, KnowledgeStorage>([[DEFAULT_TENANT, shared]]);
  return (tenantId) => {
    let layer = layers.get(tenantId);
    if (!layer) {
      layer = open(tenantId);
      layers.set(tenantId, layer);
    }
    return layer;
  };
}

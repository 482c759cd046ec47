import type { KnowledgeStorage, Storage } from '../storage/repositories.js';
import { DEFAULT_TENANT, TenantId } from '../tenants/types.js';

/**
 * The knowledge layer a command's `--tenant` names (docs/tenants.md): a tenant's own catalogue and intents, or without
 * the option the `default` tenant's, which every tenant shares. A tenant the database does not have is refused.
 */
export async function tenantLayer(
  storage: Storage,
  tenantId: string = DEFAULT_TENANT,
): Promise<{ tenantId: string; layer: KnowledgeStorage; shared: boolean }> {
  await checkTenant(storage, tenantId);
  return { tenantId, layer: storage.knowledgeOf(tenantId), shared: tenantId === DEFAULT_TENANT };
}

export async function checkTenant(storage: Storage, tenantId: string): Promise<void> {
  if (!TenantId.safeParse(tenantId).success || !(await storage.tenants.findTenant(tenantId))) {
    throw new Error(`no tenant ${tenantId}; add it with \`govbot tenant add ${tenantId}\``);
  }
}

/** A tenant's own corpus files are its own: they have no folder in GovBot's package to default to. */
export function corpusDir(tenantId: string | undefined, dir: string | undefined, fallback: string): string {
  if (dir !== undefined) return dir;
  if (tenantId !== undefined && tenantId !== DEFAULT_TENANT) {
    throw new Error(`--dir is required with --tenant ${tenantId}: GovBot's intents/ are the shared ones`);
  }
  return fallback;
}

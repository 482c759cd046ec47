import { publishContent } from '../../editor/publishing/publishContent.js';
import { hashContent } from '../../editor/training/draftSnapshot.js';
import { loadOrTrainModel, modelFingerprint } from '../../nlu/trainModel.js';
import type { Storage } from '../../storage/repositories.js';
import { tenantContent } from '../../tenants/tenantContent.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { checkTenant } from '../tenantLayer.js';

/**
 * `govbot train`: trains the draft (corpora and catalogue) and publishes it as the newest version, by `cli`. This is an
 * operator's publication: no release gate runs (the workbench's training does that).
 *
 * With `--tenant`, a tenant's draft: the shared layer with the tenant's own on top (docs/tenants.md), published as the
 * tenant's version. With `--all-tenants`, the shared draft and then every tenant's that has content or versions of its
 * own: what a central refresh of the shared content runs, so that it reaches every tenant without touching what they
 * changed themselves. A model trained from the same content before (another tenant's) is reused, not trained again.
 */
export async function trainCommand(options: { dataDir: string; tenant?: string; allTenants?: boolean }): Promise<void> {
  if (options.tenant !== undefined && options.allTenants)
    throw new Error('--tenant and --all-tenants exclude each other');
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    const tenantIds = options.allTenants ? await layeredTenants(storage) : [options.tenant ?? DEFAULT_TENANT];
    for (const tenantId of tenantIds) await trainTenant(storage, tenantId, options.tenant !== undefined);
    if (!options.allTenants && tenantIds[0] === DEFAULT_TENANT) {
      const behind = (await layeredTenants(storage)).filter((id) => id !== DEFAULT_TENANT);
      if (behind.length > 0) {
        process.stdout.write(
          `${behind.length} tenants answer from their own versions, trained on the shared content before: ${behind.join(', ')}; \`govbot train --all-tenants\` brings them up to date\n`,
        );
      }
    }
    process.stdout.write('running servers answer with the new versions within 30 s\n');
  } finally {
    await storage.close();
  }
}

async function trainTenant(storage: Storage, tenantId: string, named: boolean): Promise<void> {
  await checkTenant(storage, tenantId);
  const started = Date.now();
  const content = await tenantContent(storage, tenantId);
  const ownCount = content.own.services + content.own.offices + content.own.corpora;
  if (named && tenantId !== DEFAULT_TENANT && ownCount === 0) {
    throw new Error(
      `the tenant ${tenantId} has no content of its own: it answers with the shared version; import its own with \`govbot import --tenant ${tenantId}\` or \`govbot import-intents --tenant ${tenantId}\``,
    );
  }
  const { corpora, catalogue } = content;
  const live = await storage.knowledgeOf(tenantId).versions.liveVersion();
  const hashes = hashContent(corpora, catalogue);
  if (
    live?.corporaHash === hashes.corporaHash &&
    live.catalogueHash === hashes.catalogueHash &&
    live.fingerprint ===
      modelFingerprint(
        corpora.map((file) => file.corpus),
        catalogue.services,
      )
  ) {
    process.stdout.write(`${tenantId}: version ${live.version} has this content already; nothing published\n`);
    return;
  }
  const { model, trained } = await loadOrTrainModel(
    storage,
    corpora.map((file) => file.corpus),
    catalogue.services,
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { version } = await publishContent(storage, { model, corpora, catalogue }, { name: 'cli' }, { tenantId });
  const own =
    tenantId === DEFAULT_TENANT ? '' : ` (${content.own.services} services, ${content.own.corpora} corpora of its own)`;
  const how = trained ? `trained ${model.fingerprint}` : `reused the model ${model.fingerprint}`;
  process.stdout.write(
    `${tenantId}: ${how} on ${catalogue.services.length} services${own} in ${seconds} s; published as version ${version.version}\n`,
  );
}

/** The shared layer's tenant first, then every tenant with content or versions of its own, by id. */
async function layeredTenants(storage: Storage): Promise<string[]> {
  const layered: string[] = [DEFAULT_TENANT];
  for (const { id } of await storage.tenants.listTenants()) {
    if (id === DEFAULT_TENANT) continue;
    const layer = storage.knowledgeOf(id);
    const [catalogueEmpty, intentsEmpty, live] = await Promise.all([
      layer.catalogue.isEmpty(),
      layer.intents.isEmpty(),
      layer.versions.liveVersion(),
    ]);
    if (!catalogueEmpty || !intentsEmpty || live) layered.push(id);
  }
  return layered;
}

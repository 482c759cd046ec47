import type { IntentModel } from '../../nlu/IntentModel.js';
import type { Storage } from '../../storage/repositories.js';
import type { KnowledgeContent } from '../../tenants/tenantContent.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { saveSnapshots } from '../training/draftSnapshot.js';
import type { NewModelVersion } from '../types.js';
import type { LiveKnowledge } from './versionKnowledge.js';

/** Who published: a staff user, or an operator's tool (`cli`, `system`) without a user id. */
export interface Publisher {
  id?: string;
  name: string;
}

/**
 * Publishes a model trained outside the workbench (by `govbot train`, or the first model of a data directory) as a
 * version of a tenant (default: `default`) without a gate: stores its snapshots and the model, records the version
 * and audits the publication.
 */
export async function publishContent(
  storage: Storage,
  content: KnowledgeContent & { model: IntentModel },
  by: Publisher,
  options: { note?: string; now?: Date; tenantId?: string } = {},
): Promise<LiveKnowledge> {
  const { model, corpora, catalogue } = content;
  const snapshot = await saveSnapshots(storage, corpora, catalogue);
  if (!(await storage.models.findModel(model.fingerprint))) {
    await storage.models.saveModel({
      fingerprint: model.fingerprint,
      createdAt: model.trainedAt,
      data: model.toJSON(),
    });
  }
  const version = await recordVersion(
    storage,
    by,
    {
      publishedAt: (options.now ?? new Date()).toISOString(),
      publishedBy: by.name,
      fingerprint: model.fingerprint,
      corporaHash: snapshot.corporaHash,
      catalogueHash: snapshot.catalogueHash,
      note: options.note,
    },
    options.tenantId,
  );
  return { version, model, services: catalogue.services, offices: catalogue.offices };
}

/** Records a tenant's version and its publication (or rollback) in the audit log. */
export async function recordVersion(
  storage: Storage,
  by: Publisher,
  version: NewModelVersion,
  tenantId = DEFAULT_TENANT,
) {
  const recorded = await storage.knowledgeOf(tenantId).versions.publishVersion(version);
  await storage.audit.appendAudit({
    at: recorded.publishedAt,
    actorId: by.id,
    actorName: by.name,
    action: recorded.rollbackOf === undefined ? 'editor.version.published' : 'editor.version.rolled_back',
    conversationId: undefined,
    tenantId,
    details: {
      ...(tenantId !== DEFAULT_TENANT && { tenant: tenantId }),
      version: recorded.version,
      fingerprint: recorded.fingerprint,
      ...(recorded.trainingRunId !== undefined && { runId: recorded.trainingRunId }),
      ...(recorded.gatePassed !== undefined && { gatePassed: recorded.gatePassed }),
      ...(recorded.override && { overrideReason: recorded.override.reason }),
      ...(recorded.rollbackOf !== undefined && { rollbackOf: recorded.rollbackOf }),
      ...(recorded.note !== undefined && { note: recorded.note }),
    },
  });
  return recorded;
}

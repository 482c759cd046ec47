import type { ClusterLocks } from '../../cluster/Cluster.js';
import { LocalLocks } from '../../cluster/SoloCluster.js';
import { loadOrTrainModel } from '../../nlu/trainModel.js';
import type { Storage } from '../../storage/repositories.js';
import { readLayer } from '../../tenants/tenantContent.js';
import { publishContent } from './publishContent.js';
import { type LiveKnowledge, loadVersionKnowledge } from './versionKnowledge.js';

export interface LoadLiveKnowledgeOptions {
  /** Told before the draft's model is trained (there was neither a version nor a stored model). */
  onTraining?: () => void;
  /** The cluster's locks, so that instances starting together train and publish the first version once. */
  locks?: ClusterLocks;
  /** How long an instance waits for another one to publish the first version; default 15 minutes (it may train). */
  firstVersionWaitMs?: number;
}

/** Held by the instance that makes the first version, while the others wait for it. */
const FIRST_VERSION_LOCK = 'knowledge.first-version';

/**
 * What the server answers with at start: the live version's model and catalogue. A data directory without any
 * version (fresh, or from before the workbench) loads or trains the model of its draft and publishes it as the first
 * version, by `system`, so that from then on there is always a live version to roll back to. Of several instances
 * starting on one empty database, one does that and the others load the version it published.
 */
export async function loadLiveKnowledge(
  storage: Storage,
  options: LoadLiveKnowledgeOptions = {},
): Promise<LiveKnowledge & { published: boolean; trained: boolean }> {
  const live = await storage.versions.liveVersion();
  if (live) return loaded(storage, live);
  const locks = options.locks ?? new LocalLocks();
  return locks.withLock(
    FIRST_VERSION_LOCK,
    async () => {
      // The instance that held the lock before has published meanwhile.
      const published = await storage.versions.liveVersion();
      if (published) return loaded(storage, published);
      return publishDraft(storage, options);
    },
    // Training on the event loop stops the lock's renewal: it lives as long as a training may take instead.
    { waitMs: options.firstVersionWaitMs ?? 15 * 60_000, ttlMs: 15 * 60_000 },
  );
}

async function loaded(storage: Storage, live: LiveKnowledge['version']) {
  return { ...(await loadVersionKnowledge(storage, live)), published: false, trained: false };
}

async function publishDraft(storage: Storage, options: LoadLiveKnowledgeOptions) {
  const { corpora, catalogue } = await readLayer(storage);
  const { model, trained } = await loadOrTrainModel(
    storage,
    corpora.map((file) => file.corpus),
    catalogue.services,
    { onTraining: options.onTraining },
  );
  // Training blocks this thread, so the lock may not have been renewed and expired meanwhile (a large catalogue):
  // an instance that took it over then may have published first, and its version is the first one.
  const published = trained ? await storage.versions.liveVersion() : undefined;
  if (published) return { ...(await loaded(storage, published)), trained };
  const knowledge = await publishContent(
    storage,
    { model, corpora, catalogue },
    { name: 'system' },
    { note: 'the data directory had no version: its draft became the first' },
  );
  return { ...knowledge, published: true, trained };
}

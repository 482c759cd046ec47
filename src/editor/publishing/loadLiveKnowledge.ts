import { loadOrTrainModel } from '../../nlu/trainModel.js';
import type { Storage } from '../../storage/repositories.js';
import { publishContent } from './publishContent.js';
import { type LiveKnowledge, loadVersionKnowledge } from './versionKnowledge.js';

/**
 * What the server answers with at start: the live version's model and catalogue. A data directory without any
 * version (fresh, or from before the workbench) loads or trains the model of its draft and publishes it as the first
 * version, by `system`, so that from then on there is always a live version to roll back to.
 */
export async function loadLiveKnowledge(
  storage: Storage,
  options: { onTraining?: () => void } = {},
): Promise<LiveKnowledge & { published: boolean; trained: boolean }> {
  const live = await storage.versions.liveVersion();
  if (live) return { ...(await loadVersionKnowledge(storage, live)), published: false, trained: false };
  const [corpora, services, offices] = await Promise.all([
    storage.intents.listCorpusFiles(),
    storage.catalogue.listServices(),
    storage.catalogue.listOffices(),
  ]);
  const { model, trained } = await loadOrTrainModel(
    storage,
    corpora.map((file) => file.corpus),
    services,
    options,
  );
  const knowledge = await publishContent(
    storage,
    { model, corpora, catalogue: { services, offices } },
    { name: 'system' },
    { note: 'the data directory had no version: its draft became the first' },
  );
  return { ...knowledge, published: true, trained };
}

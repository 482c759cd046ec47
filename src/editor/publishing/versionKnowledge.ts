import type { Office, Service } from '../../catalogue/schema.js';
import { IntentModel } from '../../nlu/IntentModel.js';
import { yieldToEventLoop } from '../../nlu/inSlices.js';
import type { Storage } from '../../storage/repositories.js';
import { loadSnapshots } from '../training/draftSnapshot.js';
import type { ModelVersion } from '../types.js';

/** What the bot answers with: a version's model and the catalogue it was trained from. */
export interface LiveKnowledge {
  version: ModelVersion;
  model: IntentModel;
  services: Service[];
  offices: Office[];
}

/**
 * Loads a version's model (by fingerprint) and catalogue (from its snapshot). A model `loaded` already (another
 * tenant's version trained from the same content) is used rather than read again.
 */
export async function loadVersionKnowledge(
  storage: Storage,
  version: ModelVersion,
  loaded?: (fingerprint: string) => IntentModel | undefined,
): Promise<LiveKnowledge> {
  const model = loaded?.(version.fingerprint);
  if (!model) return { version, ...(await loadTrainedKnowledge(storage, version)) };
  const { catalogue } = await loadSnapshots(storage, version);
  return { version, model, services: catalogue.services, offices: catalogue.offices };
}

/** The model and catalogue of a run or version, by the model's fingerprint and the catalogue snapshot's hash. */
export async function loadTrainedKnowledge(
  storage: Storage,
  trained: Pick<ModelVersion, 'fingerprint' | 'corporaHash' | 'catalogueHash'>,
): Promise<Omit<LiveKnowledge, 'version'>> {
  const { catalogue } = await loadSnapshots(storage, trained);
  const model = await readModel(storage, trained.fingerprint);
  return { model, services: catalogue.services, offices: catalogue.offices };
}

/**
 * Reads a stored model. Deserialising in one piece blocks the thread for hundreds of milliseconds (most of it the
 * German typo index), so it is done in slices of about 10 ms with the event loop running in between: turns that
 * arrive meanwhile are answered with the model still live.
 */
export async function readModel(storage: Storage, fingerprint: string): Promise<IntentModel> {
  const stored = await storage.models.findModel(fingerprint);
  if (!stored) throw new Error(`the model ${fingerprint} is missing from the data directory`);
  await yieldToEventLoop();
  return IntentModel.load(stored.data, yieldToEventLoop);
}

import { createHash } from 'node:crypto';
import type { Service } from '../catalogue/schema.js';
import type { Storage } from '../storage/repositories.js';
import type { Corpus } from './corpus.js';
import { ENGINE_VERSION, IntentModel } from './IntentModel.js';
import { SYNONYMS } from './synonyms.js';
import { buildTrainingSet, type TrainingSet } from './trainingSet.js';

/** Identifies what a model was trained from; a stored model is current when its fingerprint matches. */
export function modelFingerprint(corpora: Corpus[], services: Service[]): string {
  const hash = createHash('sha256');
  hash.update(`engine:${ENGINE_VERSION}\n`);
  hash.update(JSON.stringify(SYNONYMS));
  hash.update(JSON.stringify(corpora));
  hash.update(JSON.stringify(services.map((s) => [s.id, s.title, s.summary, s.synonyms])));
  return hash.digest('hex').slice(0, 32);
}

/** Trains on `corpora` and `services`; `trainingSet` is their training set when the caller has built it already. */
export function trainModel(
  corpora: Corpus[],
  services: Service[],
  trainingSet: TrainingSet = buildTrainingSet(corpora, services),
): IntentModel {
  return IntentModel.train(trainingSet, modelFingerprint(corpora, services));
}

/** Loads the model trained from the stored catalogue and corpora, training and storing it first when there is none. */
export async function loadCurrentModel(
  storage: Storage,
  options: { retrain?: boolean; onTraining?: () => void } = {},
): Promise<{ model: IntentModel; services: Service[]; trained: boolean }> {
  const [corpora, services] = await Promise.all([storage.intents.listCorpora(), storage.catalogue.listServices()]);
  return { ...(await loadOrTrainModel(storage, corpora, services, options)), services };
}

/** The stored model of these corpora and services, or a new one, trained and stored, when there is none. */
export async function loadOrTrainModel(
  storage: Storage,
  corpora: Corpus[],
  services: Service[],
  options: { retrain?: boolean; onTraining?: () => void } = {},
): Promise<{ model: IntentModel; trained: boolean }> {
  const fingerprint = modelFingerprint(corpora, services);
  const stored = options.retrain ? undefined : await storage.models.findModel(fingerprint);
  if (stored) return { model: IntentModel.fromJSON(stored.data), trained: false };
  options.onTraining?.();
  const model = trainModel(corpora, services);
  await storage.models.saveModel({ fingerprint, createdAt: model.trainedAt, data: model.toJSON() });
  return { model, trained: true };
}

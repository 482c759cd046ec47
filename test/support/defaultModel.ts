import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Service } from '../../src/catalogue/schema.js';
import type { IntentModel } from '../../src/nlu/IntentModel.js';
import { loadCurrentModel } from '../../src/nlu/trainModel.js';
import { openDataDir } from '../../src/storage/openDataDir.js';
import type { Storage } from '../../src/storage/repositories.js';
import { freshDataDir } from './startTestBot.js';

/**
 * The default catalogue's trained model (trained once by the global setup), loaded from a fresh data directory before
 * the suite's tests and closed after them. Its getters fail when read before that (at collection time).
 */
export function useDefaultModel(): { readonly model: IntentModel; readonly services: Service[] } {
  let loaded: { model: IntentModel; services: Service[] } | undefined;
  let dataDir: string | undefined;
  let storage: Storage | undefined;
  beforeAll(async () => {
    dataDir = freshDataDir();
    ({ storage } = await openDataDir(dataDir));
    const { model, services, trained } = await loadCurrentModel(storage);
    // Trained by the global setup, not again by each suite.
    expect(trained).toBe(false);
    loaded = { model, services };
  });
  afterAll(async () => {
    await storage?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const get = () => {
    if (!loaded) throw new Error('the default model is loaded before the tests, read it inside them');
    return loaded;
  };
  return {
    get model() {
      return get().model;
    },
    get services() {
      return get().services;
    },
  };
}

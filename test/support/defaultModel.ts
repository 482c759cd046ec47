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
 * the suite's tests and closed after them. Read `model` and `services` inside tests, not at collection time.
 */
export function useDefaultModel(): { model: IntentModel; services: Service[] } {
  const loaded = {} as { model: IntentModel; services: Service[] };
  let dataDir: string | undefined;
  let storage: Storage | undefined;
  beforeAll(async () => {
    dataDir = freshDataDir();
    ({ storage } = await openDataDir(dataDir));
    const { model, services, trained } = await loadCurrentModel(storage);
    // Trained by the global setup, not again by each suite.
    expect(trained).toBe(false);
    Object.assign(loaded, { model, services });
  });
  afterAll(async () => {
    await storage?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return loaded;
}

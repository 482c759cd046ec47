import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Office, Service } from '../../../src/catalogue/schema.js';
import type { IntentModel } from '../../../src/nlu/IntentModel.js';
import { loadCurrentModel } from '../../../src/nlu/trainModel.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/openSqliteStorage.js';

export interface TemplateStorage {
  storage: Storage;
  model: IntentModel;
  services: Service[];
  offices: Office[];
  dispose(): Promise<void>;
}

/** Real SQLite storage with the default catalogue, corpora and trained model: a copy of the run's template. */
export async function templateStorage(): Promise<TemplateStorage> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-workbench-'));
  copyFileSync(join(inject('templateDataDir'), 'govbot.sqlite'), join(dir, 'govbot.sqlite'));
  const storage = openSqliteStorage(join(dir, 'govbot.sqlite'));
  const { model, services } = await loadCurrentModel(storage);
  const offices = await storage.catalogue.listOffices();
  return {
    storage,
    model,
    services,
    offices,
    dispose: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { join } from 'node:path';
import { DEFAULT_CATALOGUE_DIR, loadCatalogueDir } from '../catalogue/loadCatalogueDir.js';
import { loadCorpusFiles } from '../nlu/loadCorporaDir.js';
import { packageRoot } from '../packageRoot.js';
import type { Storage } from './repositories.js';
import { openSqliteStorage } from './sqlite/openSqliteStorage.js';

export const DEFAULT_INTENTS_DIR = join(packageRoot(), 'intents');

/**
 * Opens the data directory's SQLite database. A directory without a catalogue is seeded with the default catalogue,
 * one without intents with the corpus in `intents/`, by whichever command opens it first.
 */
export async function openDataDir(dataDir: string): Promise<{ storage: Storage; seeded: string[] }> {
  const storage = openSqliteStorage(join(dataDir, 'govbot.sqlite'));
  const seeded: string[] = [];
  try {
    if (await storage.catalogue.isEmpty()) {
      await storage.catalogue.saveCatalogue(loadCatalogueDir(DEFAULT_CATALOGUE_DIR), { replace: true });
      seeded.push('catalogue');
    }
    if (await storage.intents.isEmpty()) {
      await storage.intents.saveCorpusFiles(loadCorpusFiles(DEFAULT_INTENTS_DIR));
      seeded.push('intents');
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  return { storage, seeded };
}

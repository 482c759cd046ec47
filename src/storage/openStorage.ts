import { join } from 'node:path';
import { DEFAULT_CATALOGUE_DIR, loadCatalogueDir } from '../catalogue/loadCatalogueDir.js';
import { redactedUrl } from '../config/databaseUrl.js';
import { loadCorpusFiles } from '../nlu/loadCorporaDir.js';
import { packageRoot } from '../packageRoot.js';
import type { Storage } from './repositories.js';
import { openSqliteStorage } from './sqlite/openSqliteStorage.js';

export const DEFAULT_INTENTS_DIR = join(packageRoot(), 'intents');

/** Where the data is: the data directory's SQLite file, or PostgreSQL when a `databaseUrl` (DATABASE_URL) is given. */
export interface StorageLocation {
  dataDir: string;
  databaseUrl?: string | undefined;
}

export interface OpenedStorage {
  storage: Storage;
  /** What was seeded because it was empty: `catalogue`, `intents`. */
  seeded: string[];
  /** The database for logs and messages, without a password: a file path or a redacted URL. */
  location: string;
}

/**
 * Opens GovBot's storage, the one way the server and the commands do: PostgreSQL when `databaseUrl` is set, else the
 * SQLite database `govbot.sqlite` in the data directory. Storage without a catalogue is seeded with the default
 * catalogue, storage without intents with the corpus in `intents/`, by whichever process opens it first. (Two
 * processes opening one empty PostgreSQL database at once may both seed it: both write the same defaults.)
 */
export async function openStorage(
  location: StorageLocation,
  hooks: { onIdleError?: (error: Error) => void } = {},
): Promise<OpenedStorage> {
  const { storage, description } =
    location.databaseUrl === undefined
      ? openSqlite(location.dataDir)
      : await openPostgres(location.databaseUrl, hooks.onIdleError);
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
  return { storage, seeded, location: description };
}

function openSqlite(dataDir: string): { storage: Storage; description: string } {
  const file = join(dataDir, 'govbot.sqlite');
  return { storage: openSqliteStorage(file), description: file };
}

/** Loaded only when asked for: a single-machine installation never loads the PostgreSQL driver. */
async function openPostgres(
  url: string,
  onIdleError: ((error: Error) => void) | undefined,
): Promise<{ storage: Storage; description: string }> {
  const { openPostgresStorage } = await import('./postgres/openPostgresStorage.js');
  return { storage: await openPostgresStorage({ url, onIdleError }), description: redactedUrl(url) };
}

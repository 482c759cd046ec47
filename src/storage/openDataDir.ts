import { openStorage } from './openStorage.js';
import type { Storage } from './repositories.js';

export { DEFAULT_INTENTS_DIR } from './openStorage.js';

/**
 * Opens the data directory's SQLite database, seeded as `openStorage` seeds (tests and benchmarks that want SQLite
 * whatever DATABASE_URL says). The server and the commands call `openStorage`, which honours DATABASE_URL.
 */
export async function openDataDir(dataDir: string): Promise<{ storage: Storage; seeded: string[] }> {
  const { storage, seeded } = await openStorage({ dataDir });
  return { storage, seeded };
}

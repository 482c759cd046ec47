import { ConfigError } from '../config/config.js';
import { databaseUrlOf } from '../config/databaseUrl.js';
import { type OpenedStorage, openStorage, type StorageLocation } from '../storage/openStorage.js';

/**
 * The storage a command works on, the same the server uses: PostgreSQL when DATABASE_URL is set (checked as
 * `govbot serve` checks it), else the SQLite database of `--data-dir`. The URL comes from the environment only, never
 * from an option: arguments end up in shell history and process lists, and the URL holds a password.
 */
export function openCommandStorage(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<OpenedStorage> {
  return openStorage(storageLocation(dataDir, env));
}

export function storageLocation(dataDir: string, env: NodeJS.ProcessEnv = process.env): StorageLocation {
  const database = databaseUrlOf(env.DATABASE_URL?.trim() || undefined);
  if (database.problem) throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: ${database.problem}`);
  return { dataDir, databaseUrl: database.url };
}

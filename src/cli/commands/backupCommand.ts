import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { backupSqliteFile } from '../../storage/sqlite/backupSqliteFile.js';
import { storageLocation } from '../openCommandStorage.js';
import { parseOptions } from '../parseOptions.js';

const BackupOptions = z.object({ dataDir: z.string().min(1), force: z.boolean().default(false) });

/**
 * `govbot backup FILE`: an online backup of the data directory's database, also while the server runs (restore:
 * docs/operations.md). An existing FILE is kept unless `--force`: a backup must never silently replace another.
 */
export async function backupCommand(file: string, rawOptions: unknown): Promise<void> {
  const options = parseOptions(BackupOptions, rawOptions);
  if (storageLocation(options.dataDir).databaseUrl !== undefined) {
    throw new Error('DATABASE_URL is set: back up PostgreSQL with pg_dump (docs/deployment.md#backups)');
  }
  const target = resolve(file);
  if (existsSync(target) && !options.force) {
    throw new Error(`${target} exists; choose another file or pass --force to replace it`);
  }
  const source = join(resolve(options.dataDir), 'govbot.sqlite');
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const started = performance.now();
  const { bytes } = await backupSqliteFile(source, target);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`backed up ${source} to ${target}: ${formatBytes(bytes)} in ${ms} ms\n`);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

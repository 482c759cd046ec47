import { renameSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Copies the SQLite database `source` to `target` while other processes (a running server) go on writing to it: one
 * consistent snapshot with SQLite's online backup. The copy is written beside the target and renamed into place, so an
 * interrupted backup never leaves a half-written file under its name.
 */
export async function backupSqliteFile(source: string, target: string): Promise<{ bytes: number; pages: number }> {
  // Not read-only although it only reads: a read-only connection cannot remove the -wal and -shm files it creates
  // when no server runs, and would leave them behind owned by whoever ran the backup.
  const db = new BetterSqlite3(source, { fileMustExist: true });
  const partial = `${target}.partial`;
  try {
    db.pragma('busy_timeout = 5000');
    // All pages in one step: between steps a write of the server would restart the backup, which under steady load
    // might never finish. One step reads one snapshot and holds up no writer (WAL).
    const { totalPages } = await db.backup(partial, { progress: ({ remainingPages }) => remainingPages });
    renameSync(partial, target);
    return { bytes: statSync(target).size, pages: totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

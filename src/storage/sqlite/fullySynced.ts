import type { Database } from 'better-sqlite3';

/**
 * GovBot's usual durability: in WAL mode, `NORMAL` keeps every committed transaction through a crash of the process
 * (SIGKILL, out of memory) and only a power loss or kernel crash can take back the last ones. `FULL` fsyncs the WAL
 * at every commit, 13–38 times slower per commit on a virtual disk (docs/operations.md): too slow for chat messages.
 */
export const USUAL_SYNCHRONOUS = 'NORMAL';

/**
 * Runs `write` (one transaction) with `synchronous = FULL`, so that its commit, and every one before it in the WAL, is
 * on disk when it returns: for what a citizen is given a receipt for (a submitted application), which must survive a
 * power loss too. Costs one fsync per call (1–5 ms on a virtual disk).
 */
export function fullySynced<T>(db: Database, write: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return write();
  } finally {
    db.pragma(`synchronous = ${USUAL_SYNCHRONOUS}`);
  }
}

import type { Database } from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for the writes every chat turn makes (transcript, state, analytics, inbox): they are queued and run
 * together in one transaction when the event loop comes round (`setImmediate`), each in a savepoint of its own so
 * that it fails alone. A write's promise settles only after the commit, so whoever acknowledges a message on a
 * write's word acknowledges a durable one.
 *
 * Why: a commit appends every page the transaction touched to the WAL, and the same few pages (the transcript's
 * last leaf, its indexes) are touched by every message. One commit per write cost about a fifth of the server's CPU
 * under chat load; a commit for all the writes of one loop iteration writes those pages once (docs/benchmarks.md).
 *
 * Writes that do not go through here run at once in a transaction of their own, as before: nothing stays open between
 * two iterations, so they never join or wait for a group. A queued write runs later than it was asked for, so a read
 * made before its promise settled does not see it; every caller awaits its write before it relies on it.
 */
export class GroupCommit {
  private queue: Pending[] = [];

  constructor(private readonly db: Database) {}

  /** Runs `work` (synchronous, one or more statements) in the next group; resolves with its result once committed. */
  write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Commits what is queued now: on closing the database, and by the scheduled flush. */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const outcomes: Outcome[] = [];
    try {
      this.db
        .transaction(() => {
          for (const { work } of batch) {
            try {
              // Nested in the group's transaction, better-sqlite3 makes this a savepoint.
              outcomes.push({ ok: true, value: this.db.transaction(work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // BEGIN or COMMIT failed (the database busy beyond its timeout, the disk full): nothing of the group is stored.
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) resolve(outcome.value);
      else reject(outcome?.error);
    });
  }
}

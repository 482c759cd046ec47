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
  /**
   * The transaction functions are made once: `db.transaction(fn)` builds four wrapper functions with properties on
   * every call, which at one call per write was 6 % of the bytes allocated under chat load (docs/benchmarks.md).
   */
  private readonly commitGroup: (batch: Pending[]) => Outcome[];
  /** One write in a savepoint of its own: a transaction function called inside a transaction is one. */
  private readonly inSavepoint: (work: () => unknown) => unknown;

  constructor(db: Database) {
    this.inSavepoint = db.transaction((work: () => unknown) => work());
    this.commitGroup = db.transaction((batch: Pending[]) =>
      batch.map(({ work }): Outcome => {
        try {
          return { ok: true, value: this.inSavepoint(work) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    ).immediate;
  }

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
    let outcomes: Outcome[];
    try {
      outcomes = this.commitGroup(batch);
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

import type { Pool, QueryResult } from 'pg';

/** One parameterised statement's outcome: rows (typed unknown, for `parseRow`) and how many rows it touched. */
export interface SqlResult {
  rows: unknown[];
  rowCount: number;
}

/** What a repository runs statements on: the pool, or the one client of a transaction. */
export interface Sql {
  /** Runs one statement with `$1…$n` bound to `values`; values are never spliced into the SQL text. */
  query(text: string, values?: readonly unknown[]): Promise<SqlResult>;
}

/**
 * First keys of GovBot's advisory locks (`pg_advisory_xact_lock(key, …)`), "gb" and a number, so that they never meet
 * the locks of another application sharing the database. Transaction-level locks end with their transaction, also when
 * the client dies.
 */
export const LOCK = {
  migrations: 0x6762_0001,
  corpora: 0x6762_0002,
  versions: 0x6762_0003,
  submission: 0x6762_0004,
} as const;

/**
 * The pool and the one way to run a transaction on it. Statements outside `transaction` run on any free client in
 * autocommit; a transaction holds one client from BEGIN to COMMIT (or ROLLBACK) and hands `work` only that client, so
 * nothing in it can wait for a second client of an exhausted pool.
 */
export class PostgresDb implements Sql {
  constructor(private readonly pool: Pool) {}

  async query(text: string, values: readonly unknown[] = []): Promise<SqlResult> {
    return resultOf(await this.pool.query(text, [...values]));
  }

  /**
   * Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it (or COMMIT) fails, and rethrows. A client
   * whose ROLLBACK failed is in an unknown state and is closed instead of going back to the pool.
   */
  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
    } catch (error) {
      // The connection is gone or unusable: closed, not handed out again.
      client.release(asError(error));
      throw error;
    }
    let discard: Error | undefined;
    try {
      const result = await work({
        query: async (text, values = []) => resultOf(await client.query(text, [...values])),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        discard = asError(rollbackError);
      }
      throw error;
    } finally {
      client.release(discard);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Several statements in one text (migrations) give one result each; the last one counts. */
function resultOf(result: QueryResult | QueryResult[]): SqlResult {
  const last = Array.isArray(result) ? result.at(-1) : result;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The SQLSTATE of an error from the server (`23505` unique violation, …), if it is one. */
export function sqlState(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  return typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : undefined;
}

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';

import type { Database, Statement } from 'better-sqlite3';

/** More distinct statements than GovBot has: SQL built with a varying number of placeholders must not grow it. */
const MAX_STATEMENTS = 1_000;

/**
 * Makes `db.prepare` return the same statement for the same SQL. Compiling a statement costs more than running most
 * of GovBot's (about a tenth of the server's CPU under chat load, see docs/benchmarks.md), and the repositories
 * prepare where they run, which keeps them readable. Statements are reused only by their SQL text, and no repository
 * switches a statement's mode (`pluck`, `raw`, `expand`), so a shared one behaves as a fresh one.
 */
export function cacheStatements(db: Database): void {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Statement>();
  db.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = prepare(source);
      statements.set(source, statement);
    }
    return statement;
  }) as Database['prepare'];
}

import type { Corpus } from '../../nlu/corpus.js';
import type { CorpusFile, IntentRepository } from '../repositories.js';
import { checkCorpora, checkCorpusFiles, toCorpusFile, withPaths } from '../shared/corpusFiles.js';
import { LOCK, type PostgresDb, type Sql } from './PostgresDb.js';
import { CountRow, parseRow, postgresRows } from './parseRow.js';
import { SerialQueue } from './SerialQueue.js';

/**
 * Training corpora in the order they were saved (the order feeds training), each with the file it is exported to.
 * Every write of a tenant's corpora takes the same advisory lock first, so a read-change-write (`updateCorpusFiles`)
 * of one instance never interleaves with a write of another; within one instance writes also queue in call order.
 */
export class PostgresIntentRepository implements IntentRepository {
  private readonly writes = new SerialQueue();

  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async listCorpora(): Promise<Corpus[]> {
    return (await this.listCorpusFiles()).map((file) => file.corpus);
  }

  async saveCorpora(corpora: Corpus[]): Promise<void> {
    const checked = checkCorpora(corpora, 'postgres');
    await this.write(async (sql) => {
      await this.replaceCorpusFiles(sql, withPaths(checked, await this.readCorpusFiles(sql)));
    });
  }

  async listCorpusFiles(): Promise<CorpusFile[]> {
    return this.readCorpusFiles(this.db);
  }

  async saveCorpusFiles(files: CorpusFile[]): Promise<void> {
    const checked = checkCorpusFiles(files, 'postgres');
    await this.write((sql) => this.replaceCorpusFiles(sql, checked));
  }

  async updateCorpusFiles<T>(change: (files: CorpusFile[]) => { files?: CorpusFile[]; result: T }): Promise<T> {
    return this.write(async (sql) => {
      const outcome: unknown = change(await this.readCorpusFiles(sql));
      if (outcome instanceof Promise) throw new Error('postgres: updateCorpusFiles needs a synchronous change');
      // The interface types `change`; only the promise check above needed it unknown.
      const { files, result } = outcome as { files?: CorpusFile[]; result: T };
      if (files !== undefined) await this.replaceCorpusFiles(sql, checkCorpusFiles(files, 'postgres'));
      return result;
    });
  }

  async isEmpty(): Promise<boolean> {
    const { rows } = await this.db.query('SELECT count(*) AS count FROM corpora WHERE tenant_id = $1', [this.tenantId]);
    return parseRow(CountRow, rows[0], 'corpora').count === 0;
  }

  /**
   * A write of the corpora: queued behind this instance's earlier writes, then one transaction holding the tenant's
   * lock until it ends (one lock per tenant, so tenants do not wait for each other).
   */
  private write<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.writes.run(() =>
      this.db.transaction(async (sql) => {
        await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.corpora, this.tenantId]);
        return work(sql);
      }),
    );
  }

  private async readCorpusFiles(sql: Sql): Promise<CorpusFile[]> {
    const { rows } = await sql.query(
      'SELECT position, name, path, json FROM corpora WHERE tenant_id = $1 ORDER BY position',
      [this.tenantId],
    );
    return rows.map((row) => toCorpusFile(row, postgresRows));
  }

  /** Call inside a transaction holding the lock. */
  private async replaceCorpusFiles(sql: Sql, files: CorpusFile[]): Promise<void> {
    await sql.query('DELETE FROM corpora WHERE tenant_id = $1', [this.tenantId]);
    if (files.length === 0) return;
    await sql.query(
      `INSERT INTO corpora (tenant_id, position, name, locale, path, json)
       SELECT $1, file.position - 1, file.name, file.locale, file.path, file.json
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS file (name, locale, path, json, position)`,
      [
        this.tenantId,
        files.map((file) => file.corpus.name),
        files.map((file) => file.corpus.locale),
        files.map((file) => file.path),
        files.map((file) => JSON.stringify(file.corpus)),
      ],
    );
  }
}

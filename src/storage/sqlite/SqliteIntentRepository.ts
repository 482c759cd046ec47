import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Corpus } from '../../nlu/corpus.js';
import type { CorpusFile, IntentRepository } from '../repositories.js';
import { checkCorpora, checkCorpusFiles, toCorpusFile, withPaths } from '../shared/corpusFiles.js';
import { parseRow, sqliteRows } from './parseRow.js';

/** Training corpora in the order they were saved (the order feeds training), each with the file it is exported to. */
export class SqliteIntentRepository implements IntentRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async listCorpora(): Promise<Corpus[]> {
    return (await this.listCorpusFiles()).map((file) => file.corpus);
  }

  async saveCorpora(corpora: Corpus[]): Promise<void> {
    const checked = checkCorpora(corpora, 'sqlite');
    this.db
      .transaction(() => {
        const files = withPaths(checked, this.readCorpusFiles());
        this.replaceCorpusFiles(files);
      })
      .immediate();
  }

  async listCorpusFiles(): Promise<CorpusFile[]> {
    return this.readCorpusFiles();
  }

  async saveCorpusFiles(files: CorpusFile[]): Promise<void> {
    const checked = checkCorpusFiles(files, 'sqlite');
    this.db.transaction(() => this.replaceCorpusFiles(checked))();
  }

  /**
   * One IMMEDIATE transaction: it takes the database's write lock before reading, so a writer on another connection
   * (another process) waits for it (up to the busy timeout) instead of changing the corpora between read and write.
   */
  async updateCorpusFiles<T>(change: (files: CorpusFile[]) => { files?: CorpusFile[]; result: T }): Promise<T> {
    // A change that wrote the corpora itself would be nested in this transaction and then overwritten by it.
    if (this.db.inTransaction) throw new Error('sqlite: updateCorpusFiles cannot run inside another transaction');
    const { result } = this.db
      .transaction(() => {
        const outcome: unknown = change(this.readCorpusFiles());
        if (outcome instanceof Promise) throw new Error('sqlite: updateCorpusFiles needs a synchronous change');
        const { files, result } = outcome as { files?: CorpusFile[]; result: T };
        if (files !== undefined) this.replaceCorpusFiles(checkCorpusFiles(files, 'sqlite'));
        // Boxed: better-sqlite3 refuses a transaction function that returns a promise, and `result` may be one.
        return { result };
      })
      .immediate();
    return result;
  }

  async isEmpty(): Promise<boolean> {
    const row = this.db.prepare('SELECT count(*) AS count FROM corpora WHERE tenant_id = ?').get(this.tenantId);
    return parseRow(z.object({ count: z.number() }), row, 'corpora').count === 0;
  }

  private readCorpusFiles(): CorpusFile[] {
    return this.db
      .prepare('SELECT position, name, path, json FROM corpora WHERE tenant_id = ? ORDER BY position')
      .all(this.tenantId)
      .map((row) => toCorpusFile(row, sqliteRows));
  }

  /** Call inside a transaction. */
  private replaceCorpusFiles(files: CorpusFile[]): void {
    const insert = this.db.prepare(
      'INSERT INTO corpora (tenant_id, position, name, locale, path, json) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.prepare('DELETE FROM corpora WHERE tenant_id = ?').run(this.tenantId);
    files.forEach(({ path, corpus }, position) => {
      insert.run(this.tenantId, position, corpus.name, corpus.locale, path, JSON.stringify(corpus));
    });
  }
}

import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { Corpus } from '../../nlu/corpus.js';
import type { IntentRepository } from '../repositories.js';
import { parseJsonColumn, parseRow } from './parseRow.js';

const CorpusRow = z.object({ position: z.number(), name: z.string(), json: z.string() });

/** Training corpora in the order they were saved; the order feeds training, so it is kept. */
export class SqliteIntentRepository implements IntentRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async listCorpora(): Promise<Corpus[]> {
    return this.db
      .prepare('SELECT position, name, json FROM corpora WHERE tenant_id = ? ORDER BY position')
      .all(this.tenantId)
      .map((row) => {
        const { position, name, json } = parseRow(CorpusRow, row, 'corpora');
        return parseJsonColumn(Corpus, json, `corpus ${position} (${name})`);
      });
  }

  async saveCorpora(corpora: Corpus[]): Promise<void> {
    const checked = z.array(Corpus).safeParse(corpora);
    if (!checked.success) throw new Error(`sqlite: cannot save corpora: ${z.prettifyError(checked.error)}`);
    const insert = this.db.prepare(
      'INSERT INTO corpora (tenant_id, position, name, locale, json) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM corpora WHERE tenant_id = ?').run(this.tenantId);
      checked.data.forEach((corpus, position) => {
        insert.run(this.tenantId, position, corpus.name, corpus.locale, JSON.stringify(corpus));
      });
    })();
  }

  async isEmpty(): Promise<boolean> {
    const row = this.db.prepare('SELECT count(*) AS count FROM corpora WHERE tenant_id = ?').get(this.tenantId);
    return parseRow(z.object({ count: z.number() }), row, 'corpora').count === 0;
  }
}

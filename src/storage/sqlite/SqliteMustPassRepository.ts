import type { Database } from 'better-sqlite3';
import type { MustPassQuestion, NewMustPassQuestion } from '../../editor/types.js';
import type { MustPassRepository } from '../repositories.js';
import { mustPassRows, newMustPassQuestion } from '../shared/mustPass.js';
import { sqliteRows } from './parseRow.js';

const { toQuestion } = mustPassRows(sqliteRows);

/** The release gate's must-pass questions; a text is asked once per language (unique), whatever intent it expects. */
export class SqliteMustPassRepository implements MustPassRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async listMustPass(): Promise<MustPassQuestion[]> {
    return this.db
      .prepare('SELECT * FROM must_pass WHERE tenant_id = ? ORDER BY lang, text, rowid')
      .all(this.tenantId)
      .map(toQuestion);
  }

  async addMustPass(question: NewMustPassQuestion): Promise<MustPassQuestion> {
    const stored = newMustPassQuestion(question);
    try {
      this.db
        .prepare(
          `INSERT INTO must_pass (tenant_id, id, text, lang, intent, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(this.tenantId, stored.id, stored.text, stored.lang, stored.intent, stored.createdBy, stored.createdAt);
    } catch (error) {
      throw new Error(`sqlite: cannot add must-pass question "${question.text}" (${question.lang})`, { cause: error });
    }
    return stored;
  }

  async deleteMustPass(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM must_pass WHERE id = ? AND tenant_id = ?').run(id, this.tenantId).changes > 0;
  }
}

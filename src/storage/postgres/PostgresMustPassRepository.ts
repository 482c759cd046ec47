import type { MustPassQuestion, NewMustPassQuestion } from '../../editor/types.js';
import type { MustPassRepository } from '../repositories.js';
import { mustPassRows, newMustPassQuestion } from '../shared/mustPass.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toQuestion } = mustPassRows(postgresRows);

/** The release gate's must-pass questions; a text is asked once per language (unique), whatever intent it expects. */
export class PostgresMustPassRepository implements MustPassRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async listMustPass(): Promise<MustPassQuestion[]> {
    const { rows } = await this.db.query(
      `SELECT id, text, lang, intent, created_by, created_at FROM must_pass WHERE tenant_id = $1
       ORDER BY lang COLLATE "C", text COLLATE "C", seq`,
      [this.tenantId],
    );
    return rows.map(toQuestion);
  }

  async addMustPass(question: NewMustPassQuestion): Promise<MustPassQuestion> {
    const stored = newMustPassQuestion(question);
    try {
      await this.db.query(
        `INSERT INTO must_pass (tenant_id, id, text, lang, intent, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [this.tenantId, stored.id, stored.text, stored.lang, stored.intent, stored.createdBy, stored.createdAt],
      );
    } catch (error) {
      throw new Error(`postgres: cannot add must-pass question "${question.text}" (${question.lang})`, {
        cause: error,
      });
    }
    return stored;
  }

  async deleteMustPass(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM must_pass WHERE id = $1 AND tenant_id = $2', [
      id,
      this.tenantId,
    ]);
    return rowCount > 0;
  }
}

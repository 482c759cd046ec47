import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import type { MustPassQuestion, NewMustPassQuestion } from '../../editor/types.js';
import type { MustPassRepository } from '../repositories.js';
import type { PostgresDb } from './PostgresDb.js';
import { parseRow } from './parseRow.js';

const MustPassRow = z.object({
  id: z.string(),
  text: z.string(),
  lang: Language,
  intent: z.string(),
  created_by: z.string(),
  created_at: z.string(),
});

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
    // Field by field, so that extra properties of the argument are neither stored nor returned.
    const stored: MustPassQuestion = {
      id: randomUUID(),
      text: question.text,
      lang: question.lang,
      intent: question.intent,
      createdBy: question.createdBy,
      createdAt: new Date().toISOString(),
    };
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

function toQuestion(raw: unknown): MustPassQuestion {
  const row = parseRow(MustPassRow, raw, 'must_pass');
  return {
    id: row.id,
    text: row.text,
    lang: row.lang,
    intent: row.intent,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import type { MustPassQuestion, NewMustPassQuestion } from '../../editor/types.js';
import type { MustPassRepository } from '../repositories.js';
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

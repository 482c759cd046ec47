import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { CannedResponse, CannedResponseInput } from '../../handover/types.js';
import type { CannedResponseRepository } from '../repositories.js';
import { cannedResponseRows, TITLE_ORDER } from '../shared/cannedResponses.js';
import { sqliteRows } from './parseRow.js';

const { toCanned } = cannedResponseRows(sqliteRows);

export class SqliteCannedResponseRepository implements CannedResponseRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async listCannedResponses(): Promise<CannedResponse[]> {
    // Sorted here rather than in SQL: SQLite's NOCASE folds only ASCII, and "Öffnungszeiten" belongs before "Zulassung".
    return this.db
      .prepare('SELECT * FROM canned_responses WHERE tenant_id = ?')
      .all(this.tenantId)
      .map(toCanned)
      .sort(
        (a, b) => a.lang.localeCompare(b.lang) || TITLE_ORDER.compare(a.title, b.title) || a.id.localeCompare(b.id),
      );
  }

  async createCannedResponse(input: CannedResponseInput, updatedBy: string): Promise<CannedResponse> {
    const stored: CannedResponse = { ...input, id: randomUUID(), updatedAt: new Date().toISOString(), updatedBy };
    this.db
      .prepare(
        `INSERT INTO canned_responses (tenant_id, id, title, text, lang, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(this.tenantId, stored.id, stored.title, stored.text, stored.lang, stored.updatedAt, stored.updatedBy);
    return stored;
  }

  async updateCannedResponse(
    id: string,
    input: CannedResponseInput,
    updatedBy: string,
  ): Promise<CannedResponse | undefined> {
    const updatedAt = new Date().toISOString();
    const result = this.db
      .prepare(
        `UPDATE canned_responses SET title = ?, text = ?, lang = ?, updated_at = ?, updated_by = ?
         WHERE id = ? AND tenant_id = ?`,
      )
      .run(input.title, input.text, input.lang, updatedAt, updatedBy, id, this.tenantId);
    return result.changes === 0 ? undefined : { ...input, id, updatedAt, updatedBy };
  }

  async deleteCannedResponse(id: string): Promise<boolean> {
    return (
      this.db.prepare('DELETE FROM canned_responses WHERE id = ? AND tenant_id = ?').run(id, this.tenantId).changes > 0
    );
  }
}

import { randomUUID } from 'node:crypto';
import type { CannedResponse, CannedResponseInput } from '../../handover/types.js';
import type { CannedResponseRepository } from '../repositories.js';
import { cannedResponseRows, TITLE_ORDER } from '../shared/cannedResponses.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toCanned } = cannedResponseRows(postgresRows);

export class PostgresCannedResponseRepository implements CannedResponseRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async listCannedResponses(): Promise<CannedResponse[]> {
    // Sorted here as the SQLite implementation does, not by the database's collation, which depends on its locale.
    const { rows } = await this.db.query(
      'SELECT id, title, text, lang, updated_at, updated_by FROM canned_responses WHERE tenant_id = $1',
      [this.tenantId],
    );
    return rows
      .map(toCanned)
      .sort(
        (a, b) => a.lang.localeCompare(b.lang) || TITLE_ORDER.compare(a.title, b.title) || a.id.localeCompare(b.id),
      );
  }

  async createCannedResponse(input: CannedResponseInput, updatedBy: string): Promise<CannedResponse> {
    const stored: CannedResponse = { ...input, id: randomUUID(), updatedAt: new Date().toISOString(), updatedBy };
    await this.db.query(
      `INSERT INTO canned_responses (tenant_id, id, title, text, lang, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [this.tenantId, stored.id, stored.title, stored.text, stored.lang, stored.updatedAt, stored.updatedBy],
    );
    return stored;
  }

  async updateCannedResponse(
    id: string,
    input: CannedResponseInput,
    updatedBy: string,
  ): Promise<CannedResponse | undefined> {
    const updatedAt = new Date().toISOString();
    const { rowCount } = await this.db.query(
      `UPDATE canned_responses SET title = $1, text = $2, lang = $3, updated_at = $4, updated_by = $5
       WHERE id = $6 AND tenant_id = $7`,
      [input.title, input.text, input.lang, updatedAt, updatedBy, id, this.tenantId],
    );
    return rowCount === 0 ? undefined : { ...input, id, updatedAt, updatedBy };
  }

  async deleteCannedResponse(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM canned_responses WHERE id = $1 AND tenant_id = $2', [
      id,
      this.tenantId,
    ]);
    return rowCount > 0;
  }
}

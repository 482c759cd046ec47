import { randomUUID } from 'node:crypto';
import type { InboxEntry, InboxStatus, NewInboxEntry } from '../../editor/types.js';
import type { InboxRepository } from '../repositories.js';
import { COLUMNS, DEFAULT_LIMIT, inboxRows, MAX_LIMIT } from '../shared/inbox.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toEntry } = inboxRows(postgresRows);

/**
 * Messages the bot could not answer well, already scrubbed by the caller. Lists of ids travel as one array parameter,
 * so a big group is one statement with one parameter however many ids it has.
 */
export class PostgresInboxRepository implements InboxRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async addInboxEntry(entry: NewInboxEntry): Promise<InboxEntry> {
    const { rows } = await this.db.query(
      `INSERT INTO inbox (tenant_id, id, at, conversation_id, lang, text, reason, intent, score, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open')
       RETURNING ${COLUMNS}`,
      [
        this.tenantId,
        randomUUID(),
        entry.at,
        entry.conversationId ?? null,
        entry.lang,
        entry.text,
        entry.reason,
        entry.intent,
        entry.score,
      ],
    );
    return toEntry(rows[0]);
  }

  async listInbox(filter: { status?: InboxStatus; limit?: number } = {}): Promise<InboxEntry[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM inbox WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY at DESC, seq DESC LIMIT $3`,
      [this.tenantId, filter.status ?? null, limit],
    );
    return rows.map(toEntry);
  }

  async findInboxEntries(ids: string[]): Promise<InboxEntry[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM inbox WHERE tenant_id = $1 AND id = ANY ($2::text[]) ORDER BY at DESC, seq DESC`,
      [this.tenantId, ids],
    );
    return rows.map(toEntry);
  }

  async resolveInboxEntries(
    ids: string[],
    resolution: { status: Exclude<InboxStatus, 'open'>; intent?: string; by: string; at: string },
  ): Promise<number> {
    if (ids.length === 0) return 0;
    // `status = 'open'` in the WHERE clause makes this a compare and set: of two editors deciding on one entry at
    // once, only the first decision counts (the second waits for the row and then finds it resolved).
    const { rowCount } = await this.db.query(
      `UPDATE inbox SET status = $1, resolved_intent = $2, resolved_by = $3, resolved_at = $4
       WHERE tenant_id = $5 AND status = 'open' AND id = ANY ($6::text[])`,
      [resolution.status, resolution.intent ?? null, resolution.by, resolution.at, this.tenantId, ids],
    );
    return rowCount;
  }

  async deleteInboxEntriesOfConversation(conversationId: string): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM inbox WHERE tenant_id = $1 AND conversation_id = $2', [
      this.tenantId,
      conversationId,
    ]);
    return rowCount;
  }
}

import { randomUUID } from 'node:crypto';
import type { InboxEntry, InboxStatus, NewInboxEntry } from '../../editor/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { InboxFilter, InboxRepository } from '../repositories.js';
import { COLUMNS, DEFAULT_LIMIT, inboxRows, MAX_LIMIT } from '../shared/inbox.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toEntry } = inboxRows(postgresRows);

const OF_TENANTS = ofTenants('$1');

/**
 * Messages the bot could not answer well, already scrubbed by the caller. Lists of ids travel as one array parameter,
 * so a big group is one statement with one parameter however many ids it has. Each entry carries its conversation's
 * tenant; reads and decisions keep to the tenants given (an editor's), or take every tenant's without.
 */
export class PostgresInboxRepository implements InboxRepository {
  constructor(private readonly db: PostgresDb) {}

  async addInboxEntry(entry: NewInboxEntry): Promise<InboxEntry> {
    const { rows } = await this.db.query(
      `INSERT INTO inbox (tenant_id, id, at, conversation_id, lang, text, reason, intent, score, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open')
       RETURNING ${COLUMNS}`,
      [
        entry.tenantId ?? DEFAULT_TENANT,
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

  async listInbox(filter: InboxFilter = {}): Promise<InboxEntry[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM inbox WHERE ${OF_TENANTS} AND ($2::text IS NULL OR status = $2)
       ORDER BY at DESC, seq DESC LIMIT $3`,
      [tenantsParam(filter.tenants), filter.status ?? null, limit],
    );
    return rows.map(toEntry);
  }

  async findInboxEntries(ids: string[], tenants?: readonly string[]): Promise<InboxEntry[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM inbox WHERE ${OF_TENANTS} AND id = ANY ($2::text[]) ORDER BY at DESC, seq DESC`,
      [tenantsParam(tenants), ids],
    );
    return rows.map(toEntry);
  }

  async resolveInboxEntries(
    ids: string[],
    resolution: { status: Exclude<InboxStatus, 'open'>; intent?: string; by: string; at: string },
    tenants?: readonly string[],
  ): Promise<number> {
    if (ids.length === 0) return 0;
    // `status = 'open'` in the WHERE clause makes this a compare and set: of two editors deciding on one entry at
    // once, only the first decision counts (the second waits for the row and then finds it resolved).
    const { rowCount } = await this.db.query(
      `UPDATE inbox SET status = $2, resolved_intent = $3, resolved_by = $4, resolved_at = $5
       WHERE ${OF_TENANTS} AND status = 'open' AND id = ANY ($6::text[])`,
      [tenantsParam(tenants), resolution.status, resolution.intent ?? null, resolution.by, resolution.at, ids],
    );
    return rowCount;
  }

  async deleteInboxEntriesOfConversation(conversationId: string): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM inbox WHERE conversation_id = $1', [conversationId]);
    return rowCount;
  }
}

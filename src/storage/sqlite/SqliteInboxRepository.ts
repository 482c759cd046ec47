import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { InboxEntry, InboxStatus, NewInboxEntry } from '../../editor/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { InboxFilter, InboxRepository } from '../repositories.js';
import { COLUMNS, DEFAULT_LIMIT, inboxRows, MAX_LIMIT } from '../shared/inbox.js';
import type { GroupCommit } from './GroupCommit.js';
import { sqliteRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toEntry } = inboxRows(sqliteRows);

const OF_TENANTS = ofTenants();

/**
 * Messages the bot could not answer well, already scrubbed by the caller. Lists of ids travel as one JSON parameter
 * (`json_each`), so a big group never runs into SQLite's limit on bound parameters. Each entry carries its
 * conversation's tenant; reads and decisions keep to the tenants given (an editor's), or take every tenant's without.
 */
export class SqliteInboxRepository implements InboxRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
  ) {}

  async addInboxEntry(entry: NewInboxEntry): Promise<InboxEntry> {
    return this.group.write(() => this.insertEntry(entry));
  }

  private insertEntry(entry: NewInboxEntry): InboxEntry {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO inbox (tenant_id, id, at, conversation_id, lang, text, reason, intent, score, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
      )
      .run(
        entry.tenantId ?? DEFAULT_TENANT,
        id,
        entry.at,
        entry.conversationId ?? null,
        entry.lang,
        entry.text,
        entry.reason,
        entry.intent,
        entry.score,
      );
    // By primary key: `findInboxEntries` (ids from JSON) lets SQLite scan the tenant's inbox instead.
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM inbox WHERE id = ?`).get(id);
    if (row === undefined) throw new Error(`sqlite: inbox entry ${id} vanished after insert`);
    return toEntry(row);
  }

  async listInbox(filter: InboxFilter = {}): Promise<InboxEntry[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM inbox WHERE ${OF_TENANTS} AND (@status IS NULL OR status = @status)
         ORDER BY at DESC, rowid DESC LIMIT @limit`,
      )
      .all({ tenants: tenantsParam(filter.tenants), status: filter.status ?? null, limit })
      .map(toEntry);
  }

  async findInboxEntries(ids: string[], tenants?: readonly string[]): Promise<InboxEntry[]> {
    if (ids.length === 0) return [];
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM inbox WHERE ${OF_TENANTS} AND id IN (SELECT value FROM json_each(@ids))
         ORDER BY at DESC, rowid DESC`,
      )
      .all({ tenants: tenantsParam(tenants), ids: JSON.stringify(ids) })
      .map(toEntry);
  }

  async resolveInboxEntries(
    ids: string[],
    resolution: { status: Exclude<InboxStatus, 'open'>; intent?: string; by: string; at: string },
    tenants?: readonly string[],
  ): Promise<number> {
    if (ids.length === 0) return 0;
    // `status = 'open'` in the WHERE clause makes this a compare and set: of two editors deciding on one entry at
    // once, only the first decision counts. In the group commit, like the additions it must come after.
    return this.group.write(
      () =>
        this.db
          .prepare(
            `UPDATE inbox SET status = @status, resolved_intent = @intent, resolved_by = @by, resolved_at = @at
             WHERE ${OF_TENANTS} AND status = 'open' AND id IN (SELECT value FROM json_each(@ids))`,
          )
          .run({
            status: resolution.status,
            intent: resolution.intent ?? null,
            by: resolution.by,
            at: resolution.at,
            tenants: tenantsParam(tenants),
            ids: JSON.stringify(ids),
          }).changes,
    );
  }

  /** In the group commit: an entry of the conversation added just before (and still queued) goes too. */
  async deleteInboxEntriesOfConversation(conversationId: string): Promise<number> {
    return this.group.write(
      () => this.db.prepare('DELETE FROM inbox WHERE conversation_id = ?').run(conversationId).changes,
    );
  }
}

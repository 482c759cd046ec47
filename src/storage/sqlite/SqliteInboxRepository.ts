import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { InboxEntry, InboxStatus, NewInboxEntry } from '../../editor/types.js';
import type { InboxRepository } from '../repositories.js';
import { COLUMNS, DEFAULT_LIMIT, inboxRows, MAX_LIMIT } from '../shared/inbox.js';
import type { GroupCommit } from './GroupCommit.js';
import { sqliteRows } from './parseRow.js';

const { toEntry } = inboxRows(sqliteRows);

/**
 * Messages the bot could not answer well, already scrubbed by the caller. Lists of ids travel as one JSON parameter
 * (`json_each`), so a big group never runs into SQLite's limit on bound parameters.
 */
export class SqliteInboxRepository implements InboxRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
    private readonly tenantId = 'default',
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
        this.tenantId,
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

  async listInbox(filter: { status?: InboxStatus; limit?: number } = {}): Promise<InboxEntry[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const rows =
      filter.status === undefined
        ? this.db
            .prepare(`SELECT ${COLUMNS} FROM inbox WHERE tenant_id = ? ORDER BY at DESC, rowid DESC LIMIT ?`)
            .all(this.tenantId, limit)
        : this.db
            .prepare(
              `SELECT ${COLUMNS} FROM inbox WHERE tenant_id = ? AND status = ? ORDER BY at DESC, rowid DESC LIMIT ?`,
            )
            .all(this.tenantId, filter.status, limit);
    return rows.map(toEntry);
  }

  async findInboxEntries(ids: string[]): Promise<InboxEntry[]> {
    if (ids.length === 0) return [];
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM inbox WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))
         ORDER BY at DESC, rowid DESC`,
      )
      .all(this.tenantId, JSON.stringify(ids))
      .map(toEntry);
  }

  async resolveInboxEntries(
    ids: string[],
    resolution: { status: Exclude<InboxStatus, 'open'>; intent?: string; by: string; at: string },
  ): Promise<number> {
    if (ids.length === 0) return 0;
    // `status = 'open'` in the WHERE clause makes this a compare and set: of two editors deciding on one entry at
    // once, only the first decision counts. In the group commit, like the additions it must come after.
    return this.group.write(
      () =>
        this.db
          .prepare(
            `UPDATE inbox SET status = ?, resolved_intent = ?, resolved_by = ?, resolved_at = ?
             WHERE tenant_id = ? AND status = 'open' AND id IN (SELECT value FROM json_each(?))`,
          )
          .run(
            resolution.status,
            resolution.intent ?? null,
            resolution.by,
            resolution.at,
            this.tenantId,
            JSON.stringify(ids),
          ).changes,
    );
  }

  /** In the group commit: an entry of the conversation added just before (and still queued) goes too. */
  async deleteInboxEntriesOfConversation(conversationId: string): Promise<number> {
    return this.group.write(
      () =>
        this.db
          .prepare('DELETE FROM inbox WHERE tenant_id = ? AND conversation_id = ?')
          .run(this.tenantId, conversationId).changes,
    );
  }
}

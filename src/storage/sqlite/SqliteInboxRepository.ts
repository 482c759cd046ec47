import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import { type InboxEntry, InboxReason, InboxStatus, type NewInboxEntry } from '../../editor/types.js';
import type { InboxRepository } from '../repositories.js';
import type { GroupCommit } from './GroupCommit.js';
import { parseRow } from './parseRow.js';

const InboxRow = z.object({
  id: z.string(),
  at: z.string(),
  lang: Language,
  text: z.string(),
  reason: InboxReason,
  intent: z.string(),
  score: z.number(),
  status: InboxStatus,
  resolved_intent: z.string().nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
});

/** The columns an entry is read back with: the conversation id stays in the database (it only counts citizens). */
const COLUMNS = 'id, at, lang, text, reason, intent, score, status, resolved_intent, resolved_by, resolved_at';
const DEFAULT_LIMIT = 5000;
const MAX_LIMIT = 50_000;

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
    // once, only the first decision counts.
    return this.db
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
      ).changes;
  }

  async deleteInboxEntriesOfConversation(conversationId: string): Promise<number> {
    return this.db
      .prepare('DELETE FROM inbox WHERE tenant_id = ? AND conversation_id = ?')
      .run(this.tenantId, conversationId).changes;
  }
}

function toEntry(raw: unknown): InboxEntry {
  const row = parseRow(InboxRow, raw, 'inbox');
  return {
    id: row.id,
    at: row.at,
    lang: row.lang,
    text: row.text,
    reason: row.reason,
    intent: row.intent,
    score: row.score,
    status: row.status,
    resolvedIntent: row.resolved_intent ?? undefined,
    resolvedBy: row.resolved_by ?? undefined,
    resolvedAt: row.resolved_at ?? undefined,
  };
}

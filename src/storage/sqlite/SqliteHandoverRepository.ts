import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  ACTIVE_STATUSES,
  type Handover,
  type HandoverNote,
  type HandoverStats,
  type HandoverStatus,
  type NewHandover,
} from '../../handover/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { HandoverPatch, HandoverRepository } from '../repositories.js';
import { handoverRows, handoverStatsOf } from '../shared/handovers.js';
import { CountRow, parseRow, SqliteFlag, sqliteRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toHandover, toNote, toWait } = handoverRows(sqliteRows, SqliteFlag);

const ACTIVE = ACTIVE_STATUSES.map((status) => `'${status}'`).join(', ');

/** The handovers of every tenant, each with its conversation's tenant (docs/tenants.md). */
export class SqliteHandoverRepository implements HandoverRepository {
  constructor(private readonly db: Database) {}

  async createHandover(handover: NewHandover): Promise<Handover> {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO handovers (tenant_id, id, conversation_id, channel, status, reason, lang, topic_json, dialog_id,
           address_json, requested_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        handover.tenantId ?? DEFAULT_TENANT,
        id,
        handover.conversationId,
        handover.channel,
        handover.reason,
        handover.lang,
        handover.topic === undefined ? null : JSON.stringify(handover.topic),
        handover.dialogId ?? null,
        JSON.stringify(handover.address),
        handover.requestedAt,
      );
    const created = await this.findHandover(id);
    if (created === undefined) throw new Error(`sqlite: handover ${id} vanished after insert`);
    return created;
  }

  async findHandover(id: string): Promise<Handover | undefined> {
    const row = this.db.prepare('SELECT * FROM handovers WHERE id = ?').get(id);
    return row === undefined ? undefined : toHandover(row);
  }

  async findActiveHandover(conversationId: string): Promise<Handover | undefined> {
    const row = this.db
      .prepare(`SELECT * FROM handovers WHERE conversation_id = ? AND status IN (${ACTIVE})`)
      .get(conversationId);
    return row === undefined ? undefined : toHandover(row);
  }

  async listActiveHandovers(): Promise<Handover[]> {
    return this.db
      .prepare(`SELECT * FROM handovers WHERE status IN (${ACTIVE}) ORDER BY requested_at, rowid`)
      .all()
      .map(toHandover);
  }

  async listHandovers(conversationId: string): Promise<Handover[]> {
    return this.db
      .prepare('SELECT * FROM handovers WHERE conversation_id = ? ORDER BY requested_at, rowid')
      .all(conversationId)
      .map(toHandover);
  }

  async transitionHandover(
    id: string,
    from: readonly HandoverStatus[],
    patch: HandoverPatch,
  ): Promise<Handover | undefined> {
    const columns = patchColumns(patch);
    if (columns.length === 0 || from.length === 0) return undefined;
    const sets = columns.map(([column]) => `${column} = ?`);
    const values = columns.map(([, value]) => value);
    const statuses = from.map(() => '?').join(', ');
    const result = this.db
      .prepare(`UPDATE handovers SET ${sets.join(', ')} WHERE id = ? AND status IN (${statuses})`)
      .run(...values, id, ...from);
    return result.changes === 0 ? undefined : this.findHandover(id);
  }

  async recentWaits(limit: number): Promise<number[]> {
    return this.db
      .prepare(
        `SELECT requested_at, accepted_at FROM handovers
         WHERE accepted_at IS NOT NULL ORDER BY accepted_at DESC LIMIT ?`,
      )
      .all(limit)
      .map(toWait);
  }

  async handoverStats(from: Date, to: Date, tenants?: readonly string[]): Promise<HandoverStats> {
    const period = { from: from.toISOString(), to: to.toISOString(), tenants: tenantsParam(tenants) };
    const conversations = parseRow(
      CountRow,
      this.db
        .prepare(
          `SELECT COUNT(*) AS count FROM conversations WHERE created_at >= @from AND created_at < @to AND ${ofTenants()}`,
        )
        .get(period),
      'conversations',
    ).count;
    const handovers = this.db
      .prepare(`SELECT * FROM handovers WHERE requested_at >= @from AND requested_at < @to AND ${ofTenants()}`)
      .all(period)
      .map(toHandover);
    return handoverStatsOf(conversations, handovers);
  }

  async addNote(note: Omit<HandoverNote, 'id' | 'createdAt'>): Promise<HandoverNote> {
    const stored: HandoverNote = { ...note, id: randomUUID(), createdAt: new Date().toISOString() };
    this.db
      .prepare(
        `INSERT INTO handover_notes (id, handover_id, conversation_id, author_id, author_name, text, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        stored.id,
        stored.handoverId,
        stored.conversationId,
        stored.authorId,
        stored.authorName,
        stored.text,
        stored.createdAt,
      );
    return stored;
  }

  async listNotes(conversationId: string): Promise<HandoverNote[]> {
    return this.db
      .prepare(
        `SELECT n.* FROM handover_notes n JOIN handovers h ON h.id = n.handover_id
         WHERE n.conversation_id = ? ORDER BY n.created_at, n.rowid`,
      )
      .all(conversationId)
      .map(toNote);
  }
}

/**
 * The columns `patch` sets. Only the patchable fields count: TypeScript lets a caller pass any object with more
 * properties (a whole handover, say), and those must neither change the row nor reach the SQL.
 */
function patchColumns(patch: HandoverPatch): [string, string | number][] {
  const columns: [string, string | number | undefined][] = [
    ['status', patch.status],
    ['accepted_at', patch.acceptedAt],
    ['first_agent_reply_at', patch.firstAgentReplyAt],
    ['ended_at', patch.endedAt],
    ['agent_id', patch.agentId],
    ['agent_name', patch.agentName],
    ['outcome', patch.outcome],
    ['external', patch.external === undefined ? undefined : Number(patch.external)],
  ];
  return columns.flatMap(([column, value]): [string, string | number][] =>
    value === undefined ? [] : [[column, value]],
  );
}

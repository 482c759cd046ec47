import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import {
  ACTIVE_STATUSES,
  ConversationAddress,
  type Handover,
  type HandoverNote,
  HandoverOutcome,
  HandoverReason,
  type HandoverStats,
  HandoverStatus,
  HandoverTopic,
  type NewHandover,
} from '../../handover/types.js';
import type { HandoverPatch, HandoverRepository } from '../repositories.js';
import { parseJsonColumn, parseRow } from './parseRow.js';

const HandoverRow = z.object({
  id: z.string(),
  conversation_id: z.string(),
  channel: z.string(),
  status: HandoverStatus,
  reason: HandoverReason,
  lang: Language,
  topic_json: z.string().nullable(),
  dialog_id: z.string().nullable(),
  address_json: z.string(),
  requested_at: z.string(),
  accepted_at: z.string().nullable(),
  first_agent_reply_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  agent_id: z.string().nullable(),
  agent_name: z.string().nullable(),
  outcome: HandoverOutcome.nullable(),
  external: z.number().int(),
});

const NoteRow = z.object({
  id: z.string(),
  handover_id: z.string(),
  conversation_id: z.string(),
  author_id: z.string(),
  author_name: z.string(),
  text: z.string(),
  created_at: z.string(),
});

const ACTIVE = ACTIVE_STATUSES.map((status) => `'${status}'`).join(', ');

export class SqliteHandoverRepository implements HandoverRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async createHandover(handover: NewHandover): Promise<Handover> {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO handovers (tenant_id, id, conversation_id, channel, status, reason, lang, topic_json, dialog_id,
           address_json, requested_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        this.tenantId,
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
    const row = this.db.prepare('SELECT * FROM handovers WHERE id = ? AND tenant_id = ?').get(id, this.tenantId);
    return row === undefined ? undefined : toHandover(row);
  }

  async findActiveHandover(conversationId: string): Promise<Handover | undefined> {
    const row = this.db
      .prepare(`SELECT * FROM handovers WHERE conversation_id = ? AND tenant_id = ? AND status IN (${ACTIVE})`)
      .get(conversationId, this.tenantId);
    return row === undefined ? undefined : toHandover(row);
  }

  async listActiveHandovers(): Promise<Handover[]> {
    return this.db
      .prepare(`SELECT * FROM handovers WHERE tenant_id = ? AND status IN (${ACTIVE}) ORDER BY requested_at, rowid`)
      .all(this.tenantId)
      .map(toHandover);
  }

  async listHandovers(conversationId: string): Promise<Handover[]> {
    return this.db
      .prepare('SELECT * FROM handovers WHERE conversation_id = ? AND tenant_id = ? ORDER BY requested_at, rowid')
      .all(conversationId, this.tenantId)
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
      .prepare(`UPDATE handovers SET ${sets.join(', ')} WHERE id = ? AND tenant_id = ? AND status IN (${statuses})`)
      .run(...values, id, this.tenantId, ...from);
    return result.changes === 0 ? undefined : this.findHandover(id);
  }

  async recentWaits(limit: number): Promise<number[]> {
    return this.db
      .prepare(
        `SELECT requested_at, accepted_at FROM handovers
         WHERE tenant_id = ? AND accepted_at IS NOT NULL ORDER BY accepted_at DESC LIMIT ?`,
      )
      .all(this.tenantId, limit)
      .map((row) => {
        const { requested_at, accepted_at } = parseRow(WaitRow, row, 'handovers');
        return Date.parse(accepted_at) - Date.parse(requested_at);
      });
  }

  async handoverStats(from: Date, to: Date): Promise<HandoverStats> {
    const range = [this.tenantId, from.toISOString(), to.toISOString()] as const;
    const conversations = parseRow(
      CountRow,
      this.db
        .prepare(
          'SELECT COUNT(*) AS count FROM conversations WHERE tenant_id = ? AND created_at >= ? AND created_at < ?',
        )
        .get(...range),
      'conversations',
    ).count;
    const handovers = this.db
      .prepare('SELECT * FROM handovers WHERE tenant_id = ? AND requested_at >= ? AND requested_at < ?')
      .all(...range)
      .map(toHandover);
    const byReason = Object.fromEntries(HandoverReason.options.map((reason) => [reason, 0])) as Record<
      HandoverReason,
      number
    >;
    const byStatus = Object.fromEntries(HandoverStatus.options.map((status) => [status, 0])) as Record<
      HandoverStatus,
      number
    >;
    const waits: number[] = [];
    const firstReplies: number[] = [];
    for (const handover of handovers) {
      byReason[handover.reason] += 1;
      byStatus[handover.status] += 1;
      if (handover.acceptedAt === undefined) continue;
      waits.push(Date.parse(handover.acceptedAt) - Date.parse(handover.requestedAt));
      if (handover.firstAgentReplyAt !== undefined) {
        firstReplies.push(Date.parse(handover.firstAgentReplyAt) - Date.parse(handover.acceptedAt));
      }
    }
    return {
      conversations,
      handovers: handovers.length,
      byReason,
      byStatus,
      accepted: waits.length,
      waitMs: summarise(waits),
      firstReplyMs: summarise(firstReplies),
    };
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
         WHERE n.conversation_id = ? AND h.tenant_id = ? ORDER BY n.created_at, n.rowid`,
      )
      .all(conversationId, this.tenantId)
      .map((row) => {
        const note = parseRow(NoteRow, row, 'handover_notes');
        return {
          id: note.id,
          handoverId: note.handover_id,
          conversationId: note.conversation_id,
          authorId: note.author_id,
          authorName: note.author_name,
          text: note.text,
          createdAt: note.created_at,
        };
      });
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

const WaitRow = z.object({ requested_at: z.string(), accepted_at: z.string() });
const CountRow = z.object({ count: z.number().int() });

function toHandover(raw: unknown): Handover {
  const row = parseRow(HandoverRow, raw, 'handovers');
  const where = `handovers ${row.id}`;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    status: row.status,
    reason: row.reason,
    lang: row.lang,
    topic: row.topic_json === null ? undefined : parseJsonColumn(HandoverTopic, row.topic_json, where),
    dialogId: row.dialog_id ?? undefined,
    address: parseJsonColumn(ConversationAddress, row.address_json, where),
    requestedAt: row.requested_at,
    acceptedAt: row.accepted_at ?? undefined,
    firstAgentReplyAt: row.first_agent_reply_at ?? undefined,
    endedAt: row.ended_at ?? undefined,
    agentId: row.agent_id ?? undefined,
    agentName: row.agent_name ?? undefined,
    outcome: row.outcome ?? undefined,
    external: row.external === 1,
  };
}

/** Mean and percentiles (nearest rank) of durations in milliseconds; undefined without data. */
export function summarise(values: number[]): {
  mean: number | undefined;
  p50: number | undefined;
  p90: number | undefined;
} {
  if (values.length === 0) return { mean: undefined, p50: undefined, p90: undefined };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    mean: Math.round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    p50: rank(0.5),
    p90: rank(0.9),
  };
}

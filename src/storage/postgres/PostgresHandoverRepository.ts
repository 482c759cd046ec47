import { randomUUID } from 'node:crypto';
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
import type { PostgresDb } from './PostgresDb.js';
import { CountRow, parseRow, postgresRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toHandover, toNote, toWait } = handoverRows(postgresRows);

const HANDOVER_COLUMNS = `tenant_id, id, conversation_id, channel, status, reason, lang, topic_json, dialog_id, address_json,
  requested_at, accepted_at, first_agent_reply_at, ended_at, agent_id, agent_name, outcome, external`;

/**
 * Handovers to the service centre, of every tenant, each with its conversation's tenant; `transitionHandover` is one
 * conditional UPDATE, so two agents cannot both win.
 */
export class PostgresHandoverRepository implements HandoverRepository {
  constructor(private readonly db: PostgresDb) {}

  async createHandover(handover: NewHandover): Promise<Handover> {
    const { rows } = await this.db.query(
      `INSERT INTO handovers (tenant_id, id, conversation_id, channel, status, reason, lang, topic_json, dialog_id,
         address_json, requested_at)
       VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9, $10)
       RETURNING ${HANDOVER_COLUMNS}`,
      [
        handover.tenantId ?? DEFAULT_TENANT,
        randomUUID(),
        handover.conversationId,
        handover.channel,
        handover.reason,
        handover.lang,
        handover.topic === undefined ? null : JSON.stringify(handover.topic),
        handover.dialogId ?? null,
        JSON.stringify(handover.address),
        handover.requestedAt,
      ],
    );
    return toHandover(rows[0]);
  }

  async findHandover(id: string): Promise<Handover | undefined> {
    const { rows } = await this.db.query(`SELECT ${HANDOVER_COLUMNS} FROM handovers WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : toHandover(rows[0]);
  }

  async findActiveHandover(conversationId: string): Promise<Handover | undefined> {
    const { rows } = await this.db.query(
      `SELECT ${HANDOVER_COLUMNS} FROM handovers
       WHERE conversation_id = $1 AND status = ANY ($2::text[])`,
      [conversationId, ACTIVE_STATUSES],
    );
    return rows[0] === undefined ? undefined : toHandover(rows[0]);
  }

  async listActiveHandovers(): Promise<Handover[]> {
    const { rows } = await this.db.query(
      `SELECT ${HANDOVER_COLUMNS} FROM handovers WHERE status = ANY ($1::text[])
       ORDER BY requested_at, seq`,
      [ACTIVE_STATUSES],
    );
    return rows.map(toHandover);
  }

  async listHandovers(conversationId: string): Promise<Handover[]> {
    const { rows } = await this.db.query(
      `SELECT ${HANDOVER_COLUMNS} FROM handovers WHERE conversation_id = $1
       ORDER BY requested_at, seq`,
      [conversationId],
    );
    return rows.map(toHandover);
  }

  async transitionHandover(
    id: string,
    from: readonly HandoverStatus[],
    patch: HandoverPatch,
  ): Promise<Handover | undefined> {
    const columns = patchColumns(patch);
    if (columns.length === 0 || from.length === 0) return undefined;
    // Column names come from patchColumns' fixed list, values only as parameters.
    const sets = columns.map(([column], index) => `${column} = $${index + 1}`);
    const values = columns.map(([, value]) => value);
    const n = values.length;
    const { rows } = await this.db.query(
      `UPDATE handovers SET ${sets.join(', ')}
       WHERE id = $${n + 1} AND status = ANY ($${n + 2}::text[])
       RETURNING ${HANDOVER_COLUMNS}`,
      [...values, id, [...from]],
    );
    return rows[0] === undefined ? undefined : toHandover(rows[0]);
  }

  async recentWaits(limit: number): Promise<number[]> {
    const { rows } = await this.db.query(
      `SELECT requested_at, accepted_at FROM handovers
       WHERE accepted_at IS NOT NULL ORDER BY accepted_at DESC LIMIT $1`,
      [Math.max(0, Math.floor(limit))],
    );
    return rows.map(toWait);
  }

  async handoverStats(from: Date, to: Date, tenants?: readonly string[]): Promise<HandoverStats> {
    const values = [from.toISOString(), to.toISOString(), tenantsParam(tenants)];
    const started = await this.db.query(
      `SELECT count(*) AS count FROM conversations WHERE created_at >= $1 AND created_at < $2 AND ${ofTenants('$3')}`,
      values,
    );
    const conversations = parseRow(CountRow, started.rows[0], 'conversations').count;
    const { rows } = await this.db.query(
      `SELECT ${HANDOVER_COLUMNS} FROM handovers WHERE requested_at >= $1 AND requested_at < $2 AND ${ofTenants('$3')}`,
      values,
    );
    const handovers = rows.map(toHandover);
    return handoverStatsOf(conversations, handovers);
  }

  async addNote(note: Omit<HandoverNote, 'id' | 'createdAt'>): Promise<HandoverNote> {
    const stored: HandoverNote = { ...note, id: randomUUID(), createdAt: new Date().toISOString() };
    await this.db.query(
      `INSERT INTO handover_notes (id, handover_id, conversation_id, author_id, author_name, text, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        stored.id,
        stored.handoverId,
        stored.conversationId,
        stored.authorId,
        stored.authorName,
        stored.text,
        stored.createdAt,
      ],
    );
    return stored;
  }

  async listNotes(conversationId: string): Promise<HandoverNote[]> {
    const { rows } = await this.db.query(
      `SELECT n.id, n.handover_id, n.conversation_id, n.author_id, n.author_name, n.text, n.created_at
       FROM handover_notes n JOIN handovers h ON h.id = n.handover_id
       WHERE n.conversation_id = $1 ORDER BY n.created_at, n.seq`,
      [conversationId],
    );
    return rows.map(toNote);
  }
}

/**
 * The columns `patch` sets. Only the patchable fields count: TypeScript lets a caller pass any object with more
 * properties (a whole handover, say), and those must neither change the row nor reach the SQL.
 */
function patchColumns(patch: HandoverPatch): [string, string | boolean][] {
  const columns: [string, string | boolean | undefined][] = [
    ['status', patch.status],
    ['accepted_at', patch.acceptedAt],
    ['first_agent_reply_at', patch.firstAgentReplyAt],
    ['ended_at', patch.endedAt],
    ['agent_id', patch.agentId],
    ['agent_name', patch.agentName],
    ['outcome', patch.outcome],
    ['external', patch.external],
  ];
  return columns.flatMap(([column, value]): [string, string | boolean][] =>
    value === undefined ? [] : [[column, value]],
  );
}

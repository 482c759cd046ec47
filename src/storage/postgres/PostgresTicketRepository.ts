import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { generateReference } from '../../applications/referenceNumber.js';
import { Language } from '../../catalogue/schema.js';
import { HandoverTopic, type NewTicket, type Ticket, TicketStatus } from '../../handover/types.js';
import type { TicketRepository } from '../repositories.js';
import { TICKET_PREFIX } from '../sqlite/SqliteTicketRepository.js';
import { type PostgresDb, sqlState, UNIQUE_VIOLATION } from './PostgresDb.js';
import { parseJsonColumn, parseRow } from './parseRow.js';

const TicketRow = z.object({
  id: z.string(),
  number: z.string(),
  conversation_id: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  question: z.string(),
  lang: Language,
  topic_json: z.string().nullable(),
  consent_at: z.string(),
  status: TicketStatus,
  assigned_to: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const TICKET_COLUMNS = `id, number, conversation_id, name, email, phone, question, lang, topic_json, consent_at, status,
  assigned_to, created_at, updated_at`;

export class PostgresTicketRepository implements TicketRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async createTicket(ticket: NewTicket): Promise<Ticket> {
    const now = new Date();
    // A clash of two random numbers is astronomically rare; drawing again is cheaper than reasoning about it. Each
    // attempt is its own statement (autocommit), so a failed one leaves nothing to roll back.
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { rows } = await this.db.query(
          `INSERT INTO tickets (tenant_id, id, number, conversation_id, name, email, phone, question, lang, topic_json,
             consent_at, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $12)
           RETURNING ${TICKET_COLUMNS}`,
          [
            this.tenantId,
            randomUUID(),
            generateReference(TICKET_PREFIX, now),
            ticket.conversationId ?? null,
            ticket.name,
            ticket.email ?? null,
            ticket.phone ?? null,
            ticket.question,
            ticket.lang,
            ticket.topic === undefined ? null : JSON.stringify(ticket.topic),
            ticket.consentAt,
            now.toISOString(),
          ],
        );
        return toTicket(rows[0]);
      } catch (error) {
        if (sqlState(error) !== UNIQUE_VIOLATION || attempt >= 3) throw error;
      }
    }
  }

  async findTicket(id: string): Promise<Ticket | undefined> {
    const { rows } = await this.db.query(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1 AND tenant_id = $2`, [
      id,
      this.tenantId,
    ]);
    return rows[0] === undefined ? undefined : toTicket(rows[0]);
  }

  async listTickets(filter: { status?: TicketStatus } = {}): Promise<Ticket[]> {
    const { rows } = await this.db.query(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at DESC, seq DESC`,
      [this.tenantId, filter.status ?? null],
    );
    return rows.map(toTicket);
  }

  async updateTicket(
    id: string,
    patch: { status?: TicketStatus; assignedTo?: string | null },
  ): Promise<Ticket | undefined> {
    const sets = ['updated_at = $1'];
    const values: (string | null)[] = [new Date().toISOString()];
    if (patch.status !== undefined) {
      values.push(patch.status);
      sets.push(`status = $${values.length}`);
    }
    if (patch.assignedTo !== undefined) {
      values.push(patch.assignedTo);
      sets.push(`assigned_to = $${values.length}`);
    }
    const n = values.length;
    const { rows } = await this.db.query(
      `UPDATE tickets SET ${sets.join(', ')} WHERE id = $${n + 1} AND tenant_id = $${n + 2} RETURNING ${TICKET_COLUMNS}`,
      [...values, id, this.tenantId],
    );
    return rows[0] === undefined ? undefined : toTicket(rows[0]);
  }
}

function toTicket(raw: unknown): Ticket {
  const row = parseRow(TicketRow, raw, 'tickets');
  return {
    id: row.id,
    number: row.number,
    conversationId: row.conversation_id ?? undefined,
    name: row.name,
    email: row.email ?? undefined,
    phone: row.phone ?? undefined,
    question: row.question,
    lang: row.lang,
    topic: row.topic_json === null ? undefined : parseJsonColumn(HandoverTopic, row.topic_json, `tickets ${row.id}`),
    consentAt: row.consent_at,
    status: row.status,
    assignedTo: row.assigned_to ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

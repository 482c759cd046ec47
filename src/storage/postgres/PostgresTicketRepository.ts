import { randomUUID } from 'node:crypto';
import { generateReference } from '../../applications/referenceNumber.js';
import type { NewTicket, Ticket, TicketStatus } from '../../handover/types.js';
import type { TicketRepository } from '../repositories.js';
import { TICKET_PREFIX, ticketRows } from '../shared/tickets.js';

import { type PostgresDb, sqlState, UNIQUE_VIOLATION } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toTicket } = ticketRows(postgresRows);

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

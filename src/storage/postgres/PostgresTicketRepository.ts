import { randomUUID } from 'node:crypto';
import { generateReference } from '../../applications/referenceNumber.js';
import type { NewTicket, Ticket, TicketStatus } from '../../handover/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { TicketFilter, TicketRepository } from '../repositories.js';
import { TICKET_PREFIX, ticketRows } from '../shared/tickets.js';

import { type PostgresDb, sqlState, UNIQUE_VIOLATION } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toTicket } = ticketRows(postgresRows);

const TICKET_COLUMNS = `tenant_id, id, number, conversation_id, name, email, phone, question, lang, topic_json, consent_at, status,
  assigned_to, created_at, updated_at`;

/** The contact requests of every tenant, each with its conversation's tenant (docs/tenants.md). */
export class PostgresTicketRepository implements TicketRepository {
  constructor(private readonly db: PostgresDb) {}

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
            ticket.tenantId ?? DEFAULT_TENANT,
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
    const { rows } = await this.db.query(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : toTicket(rows[0]);
  }

  async listTickets(filter: TicketFilter = {}): Promise<Ticket[]> {
    const { rows } = await this.db.query(
      `SELECT ${TICKET_COLUMNS} FROM tickets
       WHERE ${ofTenants('$1')} AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at DESC, seq DESC`,
      [tenantsParam(filter.tenants), filter.status ?? null],
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
      `UPDATE tickets SET ${sets.join(', ')} WHERE id = $${n + 1} RETURNING ${TICKET_COLUMNS}`,
      [...values, id],
    );
    return rows[0] === undefined ? undefined : toTicket(rows[0]);
  }
}

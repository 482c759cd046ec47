import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { generateReference } from '../../applications/referenceNumber.js';
import type { NewTicket, Ticket, TicketStatus } from '../../handover/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { TicketFilter, TicketRepository } from '../repositories.js';
import { TICKET_PREFIX, ticketRows } from '../shared/tickets.js';
import { sqliteRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toTicket } = ticketRows(sqliteRows);

/** The contact requests of every tenant, each with its conversation's tenant (docs/tenants.md). */
export class SqliteTicketRepository implements TicketRepository {
  constructor(private readonly db: Database) {}

  async createTicket(ticket: NewTicket): Promise<Ticket> {
    const now = new Date();
    const id = randomUUID();
    const insert = this.db.prepare(
      `INSERT INTO tickets (tenant_id, id, number, conversation_id, name, email, phone, question, lang, topic_json,
         consent_at, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    );
    // A clash of two random numbers is astronomically rare; drawing again is cheaper than reasoning about it.
    for (let attempt = 0; ; attempt += 1) {
      try {
        insert.run(
          ticket.tenantId ?? DEFAULT_TENANT,
          id,
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
          now.toISOString(),
        );
        break;
      } catch (error) {
        const clash = error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
        if (!clash || attempt >= 3) throw error;
      }
    }
    const created = await this.findTicket(id);
    if (created === undefined) throw new Error(`sqlite: ticket ${id} vanished after insert`);
    return created;
  }

  async findTicket(id: string): Promise<Ticket | undefined> {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id);
    return row === undefined ? undefined : toTicket(row);
  }

  async listTickets(filter: TicketFilter = {}): Promise<Ticket[]> {
    return this.db
      .prepare(
        `SELECT * FROM tickets WHERE ${ofTenants()} AND (@status IS NULL OR status = @status)
         ORDER BY created_at DESC, rowid DESC`,
      )
      .all({ tenants: tenantsParam(filter.tenants), status: filter.status ?? null })
      .map(toTicket);
  }

  async updateTicket(
    id: string,
    patch: { status?: TicketStatus; assignedTo?: string | null },
  ): Promise<Ticket | undefined> {
    const sets = ['updated_at = ?'];
    const values: (string | null)[] = [new Date().toISOString()];
    if (patch.status !== undefined) {
      sets.push('status = ?');
      values.push(patch.status);
    }
    if (patch.assignedTo !== undefined) {
      sets.push('assigned_to = ?');
      values.push(patch.assignedTo);
    }
    const result = this.db.prepare(`UPDATE tickets SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return result.changes === 0 ? undefined : this.findTicket(id);
  }
}

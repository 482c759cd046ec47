import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import { HandoverTopic, type Ticket, TicketStatus } from '../../handover/types.js';
import type { RowParsers } from './rowParsers.js';

/** Reference prefix of contact requests ("Kontaktanfrage"): `KA-2026-7K3Q9M-4`. */
export const TICKET_PREFIX = 'KA';

/** Contact request rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function ticketRows(rows: RowParsers) {
  const { parseJsonColumn, parseRow } = rows;
  function toTicket(raw: unknown): Ticket {
    const row = parseRow(TicketRow, raw, 'tickets');
    return {
      id: row.id,
      tenantId: row.tenant_id,
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
  return { toTicket };
}

const TicketRow = z.object({
  tenant_id: z.string(),
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

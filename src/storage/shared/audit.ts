import { z } from 'zod';
import type { AuditEntry } from '../../handover/types.js';
import { JsonObject, type RowParsers } from './rowParsers.js';

/** Audit log rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function auditRows(rows: RowParsers) {
  return {
    toEntry(raw: unknown): AuditEntry {
      const row = rows.parseRow(AuditRow, raw, 'audit_log');
      return {
        id: row.id,
        at: row.at,
        actorId: row.actor_id ?? undefined,
        actorName: row.actor_name,
        action: row.action,
        conversationId: row.conversation_id ?? undefined,
        tenantId: row.tenant_id,
        details: rows.parseJsonColumn(JsonObject, row.details_json, `audit_log ${row.id}`),
      };
    },
  };
}

const AuditRow = z.object({
  id: z.number().int(),
  at: z.string(),
  actor_id: z.string().nullable(),
  actor_name: z.string(),
  action: z.string(),
  conversation_id: z.string().nullable(),
  tenant_id: z.string(),
  details_json: z.string(),
});

export const DEFAULT_LIMIT = 100;

export const MAX_LIMIT = 1000;

/** `text` as a LIKE pattern (with `ESCAPE '\'`) that matches it literally: its `%`, `_` and `\` escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

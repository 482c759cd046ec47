import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import { type InboxEntry, InboxReason, InboxStatus } from '../../editor/types.js';
import type { RowParsers } from './rowParsers.js';

/** Inbox rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function inboxRows(rows: RowParsers) {
  const { parseRow } = rows;
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
  return { toEntry };
}

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
export const COLUMNS = 'id, at, lang, text, reason, intent, score, status, resolved_intent, resolved_by, resolved_at';

export const DEFAULT_LIMIT = 5000;

export const MAX_LIMIT = 50_000;

import { z } from 'zod';
import type { Conversation } from '../repositories.js';
import type { RowParsers } from './rowParsers.js';

/** Conversation rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function conversationRows(rows: RowParsers) {
  const { parseRow } = rows;
  function toConversation(row: unknown): Conversation {
    const { id, channel, locale, created_at, updated_at } = parseRow(ConversationRow, row, 'conversations');
    return { id, channel, locale, createdAt: created_at, updatedAt: updated_at };
  }
  return { toConversation };
}

const ConversationRow = z.object({
  id: z.string(),
  channel: z.string(),
  locale: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const COLUMNS = 'id, channel, locale, created_at, updated_at';

import { z } from 'zod';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { Conversation, NewConversation } from '../repositories.js';
import type { RowParsers } from './rowParsers.js';

/** Conversation rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function conversationRows(rows: RowParsers) {
  const { parseRow } = rows;
  function toConversation(row: unknown): Conversation {
    const { id, tenant_id, channel, locale, created_at, updated_at } = parseRow(ConversationRow, row, 'conversations');
    return { id, tenantId: tenant_id, channel, locale, createdAt: created_at, updatedAt: updated_at };
  }
  return { toConversation };
}

/** The conversation `createConversation` stores and returns: without a tenant named, the `default` tenant's. */
export function newConversation(conversation: NewConversation, now: string): Conversation {
  return {
    id: conversation.id,
    tenantId: conversation.tenantId ?? DEFAULT_TENANT,
    channel: conversation.channel,
    locale: conversation.locale,
    createdAt: now,
    updatedAt: now,
  };
}

const ConversationRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  channel: z.string(),
  locale: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const COLUMNS = 'id, tenant_id, channel, locale, created_at, updated_at';

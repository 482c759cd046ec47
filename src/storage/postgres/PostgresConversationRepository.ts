import type { Conversation, ConversationRepository, NewConversation } from '../repositories.js';
import { COLUMNS, conversationRows, newConversation } from '../shared/conversations.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toConversation } = conversationRows(postgresRows);

const INSERT = `INSERT INTO conversations (id, tenant_id, channel, locale, token_hash, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $6)`;

/**
 * Conversations; deleting one takes its transcript and handovers (by foreign key), its uploads (by trigger) and its
 * bot state (by `conversation_id`) along. Ids are unique across tenants, so conversations are found by id alone:
 * whether a conversation may be resumed in a tenant is the channel's decision, made on the `tenantId` returned
 * (docs/tenants.md).
 */
export class PostgresConversationRepository implements ConversationRepository {
  constructor(private readonly db: PostgresDb) {}

  async createConversation(conversation: NewConversation, tokenHash?: string): Promise<Conversation> {
    const created = newConversation(conversation, new Date().toISOString());
    try {
      await this.db.query(INSERT, [...values(created), tokenHash ?? null, created.createdAt]);
    } catch (error) {
      throw new Error(`postgres: cannot create conversation ${conversation.id}`, { cause: error });
    }
    return created;
  }

  async ensureConversation(conversation: NewConversation): Promise<Conversation> {
    // Read first: a Bot Framework conversation is ensured on every activity and exists on all but the first.
    const found = await this.findConversation(conversation.id);
    if (found) return found;
    const created = newConversation(conversation, new Date().toISOString());
    const { rows } = await this.db.query(`${INSERT} ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`, [
      ...values(created),
      null,
      created.createdAt,
    ]);
    if (rows[0] !== undefined) return toConversation(rows[0]);
    // Another instance created it meanwhile: that one is the conversation, with its tenant. A statement of its own,
    // whose snapshot sees the other's commit (the INSERT's snapshot predates it).
    const winner = await this.findConversation(conversation.id);
    if (!winner) throw new Error(`postgres: conversation ${conversation.id} was deleted while it was being created`);
    return winner;
  }

  async findConversation(id: string): Promise<Conversation | undefined> {
    const { rows } = await this.db.query(`SELECT ${COLUMNS} FROM conversations WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : toConversation(rows[0]);
  }

  async findConversationByTokenHash(tokenHash: string): Promise<Conversation | undefined> {
    const { rows } = await this.db.query(`SELECT ${COLUMNS} FROM conversations WHERE token_hash = $1`, [tokenHash]);
    return rows[0] === undefined ? undefined : toConversation(rows[0]);
  }

  async deleteConversation(id: string): Promise<void> {
    await this.db.transaction(async (sql) => {
      await sql.query('DELETE FROM state WHERE conversation_id = $1', [id]);
      await sql.query('DELETE FROM conversations WHERE id = $1', [id]);
    });
  }
}

/** The first four parameters of INSERT. */
function values(conversation: Conversation): string[] {
  return [conversation.id, conversation.tenantId, conversation.channel, conversation.locale];
}

import type { Conversation, ConversationRepository } from '../repositories.js';
import { COLUMNS, conversationRows } from '../shared/conversations.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toConversation } = conversationRows(postgresRows);

/**
 * Conversations; deleting one takes its transcript and handovers (by foreign key), its uploads (by trigger) and its
 * bot state (by `conversation_id`) along.
 */
export class PostgresConversationRepository implements ConversationRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async createConversation(
    conversation: Omit<Conversation, 'createdAt' | 'updatedAt'>,
    tokenHash?: string,
  ): Promise<Conversation> {
    const now = new Date().toISOString();
    try {
      await this.db.query(
        `INSERT INTO conversations (id, tenant_id, channel, locale, token_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [conversation.id, this.tenantId, conversation.channel, conversation.locale, tokenHash ?? null, now],
      );
    } catch (error) {
      throw new Error(`postgres: cannot create conversation ${conversation.id}`, { cause: error });
    }
    return {
      id: conversation.id,
      channel: conversation.channel,
      locale: conversation.locale,
      createdAt: now,
      updatedAt: now,
    };
  }

  async findConversation(id: string): Promise<Conversation | undefined> {
    const { rows } = await this.db.query(`SELECT ${COLUMNS} FROM conversations WHERE id = $1 AND tenant_id = $2`, [
      id,
      this.tenantId,
    ]);
    return rows[0] === undefined ? undefined : toConversation(rows[0]);
  }

  async findConversationByTokenHash(tokenHash: string): Promise<Conversation | undefined> {
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM conversations WHERE token_hash = $1 AND tenant_id = $2`,
      [tokenHash, this.tenantId],
    );
    return rows[0] === undefined ? undefined : toConversation(rows[0]);
  }

  async deleteConversation(id: string): Promise<void> {
    await this.db.transaction(async (sql) => {
      await sql.query('DELETE FROM state WHERE conversation_id = $1', [id]);
      await sql.query('DELETE FROM conversations WHERE id = $1 AND tenant_id = $2', [id, this.tenantId]);
    });
  }
}

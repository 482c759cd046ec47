import type { Database } from 'better-sqlite3';
import type { Conversation, ConversationRepository } from '../repositories.js';
import { COLUMNS, conversationRows } from '../shared/conversations.js';
import type { GroupCommit } from './GroupCommit.js';
import { sqliteRows } from './parseRow.js';

const { toConversation } = conversationRows(sqliteRows);

/** Conversations; deleting one takes its transcript (by foreign key) and its bot state (by `conversation_id`) along. */
export class SqliteConversationRepository implements ConversationRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
    private readonly tenantId = 'default',
  ) {}

  async createConversation(
    conversation: Omit<Conversation, 'createdAt' | 'updatedAt'>,
    tokenHash?: string,
  ): Promise<Conversation> {
    const now = new Date().toISOString();
    try {
      this.db
        .prepare(
          `INSERT INTO conversations (id, tenant_id, channel, locale, token_hash, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(conversation.id, this.tenantId, conversation.channel, conversation.locale, tokenHash ?? null, now, now);
    } catch (error) {
      throw new Error(`sqlite: cannot create conversation ${conversation.id}`, { cause: error });
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
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM conversations WHERE id = ? AND tenant_id = ?`)
      .get(id, this.tenantId);
    return row === undefined ? undefined : toConversation(row);
  }

  async findConversationByTokenHash(tokenHash: string): Promise<Conversation | undefined> {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM conversations WHERE token_hash = ? AND tenant_id = ?`)
      .get(tokenHash, this.tenantId);
    return row === undefined ? undefined : toConversation(row);
  }

  /** In the group commit, after the conversation's writes queued before it (an answer, its state). */
  async deleteConversation(id: string): Promise<void> {
    return this.group.write(() => {
      this.db.prepare('DELETE FROM state WHERE conversation_id = ?').run(id);
      this.db.prepare('DELETE FROM conversations WHERE id = ? AND tenant_id = ?').run(id, this.tenantId);
    });
  }
}

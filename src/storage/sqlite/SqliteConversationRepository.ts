import type { Database } from 'better-sqlite3';
import type { Conversation, ConversationRepository, NewConversation } from '../repositories.js';
import { COLUMNS, conversationRows, newConversation } from '../shared/conversations.js';
import type { GroupCommit } from './GroupCommit.js';
import { sqliteRows } from './parseRow.js';

const { toConversation } = conversationRows(sqliteRows);

/**
 * Conversations; deleting one takes its transcript (by foreign key) and its bot state (by `conversation_id`) along.
 * Ids are unique across tenants, so conversations are found by id alone: whether a conversation may be resumed in a
 * tenant is the channel's decision, made on the `tenantId` returned (docs/tenants.md).
 */
export class SqliteConversationRepository implements ConversationRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
  ) {}

  async createConversation(conversation: NewConversation, tokenHash?: string): Promise<Conversation> {
    const created = newConversation(conversation, new Date().toISOString());
    try {
      this.insert(created, tokenHash);
    } catch (error) {
      throw new Error(`sqlite: cannot create conversation ${conversation.id}`, { cause: error });
    }
    return created;
  }

  async ensureConversation(conversation: NewConversation): Promise<Conversation> {
    // Read first: a Bot Framework conversation is ensured on every activity and exists on all but the first, and a
    // read costs no write transaction.
    const found = await this.findConversation(conversation.id);
    if (found) return found;
    const created = newConversation(conversation, new Date().toISOString());
    return this.db.transaction(() => {
      this.insert(created, undefined, 'ON CONFLICT (id) DO NOTHING');
      // Another process may have created it in between: then that one is the conversation, with its tenant.
      return toConversation(this.db.prepare(`SELECT ${COLUMNS} FROM conversations WHERE id = ?`).get(created.id));
    })();
  }

  async findConversation(id: string): Promise<Conversation | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM conversations WHERE id = ?`).get(id);
    return row === undefined ? undefined : toConversation(row);
  }

  async findConversationByTokenHash(tokenHash: string): Promise<Conversation | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM conversations WHERE token_hash = ?`).get(tokenHash);
    return row === undefined ? undefined : toConversation(row);
  }

  /** In the group commit, after the conversation's writes queued before it (an answer, its state). */
  async deleteConversation(id: string): Promise<void> {
    return this.group.write(() => {
      this.db.prepare('DELETE FROM state WHERE conversation_id = ?').run(id);
      this.db.prepare('DELETE FROM conversations WHERE id = ?').run(id);
    });
  }

  private insert(conversation: Conversation, tokenHash: string | undefined, onConflict = ''): void {
    const { id, tenantId, channel, locale, createdAt, updatedAt } = conversation;
    this.db
      .prepare(
        `INSERT INTO conversations (id, tenant_id, channel, locale, token_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ${onConflict}`,
      )
      .run(id, tenantId, channel, locale, tokenHash ?? null, createdAt, updatedAt);
  }
}

import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  type ConversationRecordIds,
  type PrivacyRepository,
  type RetentionCounts,
  type RetentionCutoffs,
  selectionOf,
} from '../repositories.js';
import type { GroupCommit } from './GroupCommit.js';
import { parseRow } from './parseRow.js';

/** Whether a row's tenant is one the pass covers (`@tenants` a JSON list, `@inside` whether it lists those covered). */
const selected = (column: string) => `((${column} IN (SELECT value FROM json_each(@tenants))) = @inside)`;

/**
 * The conversations a retention batch deletes: of the tenants covered, inactive since the cutoff, none with a waiting
 * or running handover (an agent is on it), oldest first. Every statement of a batch repeats it inside one
 * transaction, so all see one set.
 */
const EXPIRED_CONVERSATIONS = `
  SELECT id FROM conversations
  WHERE updated_at < @conversationsBefore AND ${selected('tenant_id')}
    AND id NOT IN (SELECT conversation_id FROM handovers WHERE status IN ('queued', 'connected'))
  ORDER BY updated_at, id LIMIT @limit`;

/** Upload ids an application still names as attachments. */
const ATTACHED_UPLOADS = `
  SELECT json_extract(attachment.value, '$.uploadId')
  FROM applications, json_each(applications.json, '$.attachments') AS attachment
  WHERE json_extract(attachment.value, '$.uploadId') IS NOT NULL`;

const Count = z.object({ n: z.number().int() });
const Id = z.object({ id: z.string() });

/**
 * Retention and export in SQL, over the records of the tenants a pass covers (each tenant's periods may differ). Deleting a
 * conversation row cascades to its transcript, handovers and their notes, and its trigger takes the uploads no
 * application holds; state rows and inbox entries carry the conversation id without a foreign key, so they are
 * deleted here, as `deleteConversation` and the inbox repository do for "Chat löschen".
 */
export class SqlitePrivacyRepository implements PrivacyRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
  ) {}

  async purgeExpired(cutoffs: RetentionCutoffs, limit: number): Promise<RetentionCounts> {
    const params = {
      conversationsBefore: cutoffs.conversationsBefore.toISOString(),
      applicationsBefore: cutoffs.applicationsBefore.toISOString(),
      ticketsBefore: cutoffs.ticketsBefore.toISOString(),
      limit: Math.max(1, Math.floor(limit)),
      tenants: JSON.stringify(selectionOf(cutoffs.tenants).tenants),
      inside: selectionOf(cutoffs.tenants).inside ? 1 : 0,
    };
    // In the group commit, after the writes queued before it: nothing it deletes comes back from the queue.
    return this.group.write((): RetentionCounts => {
      const uploadsBefore = this.count('SELECT count(*) AS n FROM uploads', {});
      const applications = this.run(
        `DELETE FROM applications WHERE submitted_at < @applicationsBefore AND ${selected('tenant_id')}
         AND NOT EXISTS (SELECT 1 FROM deliveries WHERE deliveries.reference = applications.reference
                         AND deliveries.status = 'pending')`,
        params,
      );
      const ofExpired = (table: string) =>
        this.count(`SELECT count(*) AS n FROM ${table} WHERE conversation_id IN (${EXPIRED_CONVERSATIONS})`, params);
      const transcriptEntries = ofExpired('transcript');
      const handovers = ofExpired('handovers');
      const handoverNotes = ofExpired('handover_notes');
      const inboxEntries = this.run(
        `DELETE FROM inbox WHERE conversation_id IN (${EXPIRED_CONVERSATIONS})
         OR (at < @conversationsBefore
             AND conversation_id NOT IN (SELECT id FROM conversations WHERE NOT ${selected('tenant_id')}))`,
        params,
      );
      this.run(`DELETE FROM state WHERE conversation_id IN (${EXPIRED_CONVERSATIONS})`, params);
      const conversations = this.run(`DELETE FROM conversations WHERE id IN (${EXPIRED_CONVERSATIONS})`, params);
      // Files of deleted applications, and files stored before a conversation that never came (Bot Framework).
      this.run(
        `DELETE FROM uploads WHERE created_at < @conversationsBefore
         AND conversation_id NOT IN (SELECT id FROM conversations) AND id NOT IN (${ATTACHED_UPLOADS})`,
        params,
      );
      const tickets = this.run(
        `DELETE FROM tickets WHERE status = 'done' AND updated_at < @ticketsBefore AND ${selected('tenant_id')}`,
        params,
      );
      const uploads = uploadsBefore - this.count('SELECT count(*) AS n FROM uploads', {});
      return {
        conversations,
        transcriptEntries,
        handovers,
        handoverNotes,
        inboxEntries,
        applications,
        uploads,
        tickets,
      };
    });
  }

  async conversationRecordIds(conversationId: string): Promise<ConversationRecordIds> {
    // What is still queued in the group commit (an inbox entry, state) belongs to the conversation as well.
    this.group.flush();
    const ids = (sql: string) =>
      this.db
        .prepare(sql)
        .all({ conversation: conversationId })
        .map((row) => parseRow(Id, row, 'privacy').id);
    return {
      stateKeys: ids('SELECT key AS id FROM state WHERE conversation_id = @conversation ORDER BY key'),
      uploadIds: ids('SELECT id FROM uploads WHERE conversation_id = @conversation ORDER BY created_at, id'),
      applicationReferences: ids(
        'SELECT reference AS id FROM applications WHERE conversation_id = @conversation ORDER BY submitted_at, reference',
      ),
      ticketIds: ids('SELECT id FROM tickets WHERE conversation_id = @conversation ORDER BY created_at, id'),
      inboxEntryIds: ids('SELECT id FROM inbox WHERE conversation_id = @conversation ORDER BY at, id'),
    };
  }

  private run(sql: string, params: Record<string, unknown>): number {
    return this.db.prepare(sql).run(params).changes;
  }

  private count(sql: string, params: Record<string, unknown>): number {
    return parseRow(Count, this.db.prepare(sql).get(params), 'privacy').n;
  }
}

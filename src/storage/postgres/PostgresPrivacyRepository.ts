import { z } from 'zod';
import {
  type ConversationRecordIds,
  type PrivacyRepository,
  type RetentionCounts,
  type RetentionCutoffs,
  selectionOf,
} from '../repositories.js';
import type { PostgresDb, Sql } from './PostgresDb.js';
import { CountRow, parseRow } from './parseRow.js';

/** Upload ids an application still names as attachments. */
const ATTACHED_UPLOADS = `
  SELECT attachment ->> 'uploadId'
  FROM applications, jsonb_array_elements(applications.json::jsonb -> 'attachments') AS attachment
  WHERE attachment ->> 'uploadId' IS NOT NULL`;

const Id = z.object({ id: z.string() });

/** Whether a row's tenant is one the pass covers: `$n` the tenants listed, `$n+1` whether they are those covered. */
const selected = (column: string, n: number) => `((${column} = ANY ($${n}::text[])) = $${n + 1})`;

/**
 * Retention and export in SQL. A retention batch first picks and locks its conversations (`FOR UPDATE`): inactive since
 * the cutoff, none with a waiting or running handover, oldest first. Every later statement of the batch works on
 * exactly those ids, and an instance appending to one of them meanwhile waits until the batch is done. Deleting a
 * conversation row cascades to its transcript, handovers and their notes; state rows, inbox entries and uploads carry
 * the conversation id without a foreign key and are deleted here.
 */
export class PostgresPrivacyRepository implements PrivacyRepository {
  constructor(private readonly db: PostgresDb) {}

  async purgeExpired(cutoffs: RetentionCutoffs, limit: number): Promise<RetentionCounts> {
    const conversationsBefore = cutoffs.conversationsBefore.toISOString();
    const { tenants, inside } = selectionOf(cutoffs.tenants);
    return this.db.transaction(async (sql): Promise<RetentionCounts> => {
      const applications = await rowCount(
        sql,
        `DELETE FROM applications WHERE submitted_at < $1 AND ${selected('tenant_id', 2)}
         AND NOT EXISTS (SELECT 1 FROM deliveries WHERE deliveries.reference = applications.reference
                         AND deliveries.status = 'pending')`,
        [cutoffs.applicationsBefore.toISOString(), tenants, inside],
      );
      const expired = await sql.query(
        `SELECT id FROM conversations
         WHERE updated_at < $1 AND ${selected('tenant_id', 3)}
           AND id NOT IN (SELECT conversation_id FROM handovers WHERE status IN ('queued', 'connected'))
         ORDER BY updated_at, id COLLATE "C" LIMIT $2
         FOR UPDATE`,
        [conversationsBefore, Math.max(1, Math.floor(limit)), tenants, inside],
      );
      const ids = expired.rows.map((row) => parseRow(Id, row, 'conversations').id);
      const ofExpired = async (table: string) =>
        count(sql, `SELECT count(*) AS count FROM ${table} WHERE conversation_id = ANY ($1::text[])`, [ids]);
      const transcriptEntries = await ofExpired('transcript');
      const handovers = await ofExpired('handovers');
      const handoverNotes = await ofExpired('handover_notes');
      const inboxEntries = await rowCount(
        sql,
        `DELETE FROM inbox WHERE conversation_id = ANY ($2::text[])
         OR (at < $1 AND conversation_id NOT IN (SELECT id FROM conversations WHERE NOT ${selected('tenant_id', 3)}))`,
        [conversationsBefore, ids, tenants, inside],
      );
      await sql.query('DELETE FROM state WHERE conversation_id = ANY ($1::text[])', [ids]);
      // The conversations' files no application holds: what their trigger would delete, deleted first to be counted.
      const conversationUploads = await rowCount(
        sql,
        `DELETE FROM uploads WHERE conversation_id = ANY ($1::text[]) AND id NOT IN (${ATTACHED_UPLOADS})`,
        [ids],
      );
      const conversations = await rowCount(sql, 'DELETE FROM conversations WHERE id = ANY ($1::text[])', [ids]);
      // Files of deleted applications, and files stored before a conversation that never came (Bot Framework).
      const orphanedUploads = await rowCount(
        sql,
        `DELETE FROM uploads WHERE created_at < $1
         AND conversation_id NOT IN (SELECT id FROM conversations) AND id NOT IN (${ATTACHED_UPLOADS})`,
        [conversationsBefore],
      );
      const tickets = await rowCount(
        sql,
        `DELETE FROM tickets WHERE status = 'done' AND updated_at < $1 AND ${selected('tenant_id', 2)}`,
        [cutoffs.ticketsBefore.toISOString(), tenants, inside],
      );
      return {
        conversations,
        transcriptEntries,
        handovers,
        handoverNotes,
        inboxEntries,
        applications,
        uploads: conversationUploads + orphanedUploads,
        tickets,
      };
    });
  }

  async conversationRecordIds(conversationId: string): Promise<ConversationRecordIds> {
    const ids = async (query: string, values: readonly unknown[]) =>
      (await this.db.query(query, values)).rows.map((row) => parseRow(Id, row, 'privacy').id);
    const ofConversation = [conversationId];
    return {
      stateKeys: await ids('SELECT key AS id FROM state WHERE conversation_id = $1 ORDER BY key COLLATE "C"', [
        conversationId,
      ]),
      uploadIds: await ids(
        'SELECT id FROM uploads WHERE conversation_id = $1 ORDER BY created_at, id COLLATE "C"',
        ofConversation,
      ),
      applicationReferences: await ids(
        'SELECT reference AS id FROM applications WHERE conversation_id = $1 ORDER BY submitted_at, reference COLLATE "C"',
        ofConversation,
      ),
      ticketIds: await ids(
        'SELECT id FROM tickets WHERE conversation_id = $1 ORDER BY created_at, id COLLATE "C"',
        ofConversation,
      ),
      inboxEntryIds: await ids(
        'SELECT id FROM inbox WHERE conversation_id = $1 ORDER BY at, id COLLATE "C"',
        ofConversation,
      ),
    };
  }
}

async function rowCount(sql: Sql, query: string, values: readonly unknown[]): Promise<number> {
  return (await sql.query(query, values)).rowCount;
}

async function count(sql: Sql, query: string, values: readonly unknown[]): Promise<number> {
  return parseRow(CountRow, (await sql.query(query, values)).rows[0], 'privacy').count;
}

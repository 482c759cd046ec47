import type { TranscriptEntry, TranscriptRepository } from '../repositories.js';
import { ActivityFacts, SeqRow, transcriptRows } from '../shared/transcript.js';
import type { PostgresDb } from './PostgresDb.js';
import { parseRow, postgresRows } from './parseRow.js';

const { toEntry } = transcriptRows(postgresRows);

/** Transcripts in append order (`seq`); an activity id is stored once per conversation and sender role. */
export class PostgresTranscriptRepository implements TranscriptRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async appendActivity(
    conversationId: string,
    activity: object,
    activityId?: string,
  ): Promise<{ duplicate: boolean; seq: number }> {
    const facts = ActivityFacts.parse(activity);
    const role = facts.from?.role ?? 'unknown';
    const now = new Date().toISOString();
    const json = JSON.stringify(activity);
    return this.db.transaction(async (sql) => {
      // Bot Framework conversations may reach us with their first activity, never created or ensured before: they
      // are the default tenant's (the repository's `tenantId`); an existing one keeps its tenant. Every activity is
      // activity: retention counts from `updated_at`, on every channel.
      await sql.query(
        `INSERT INTO conversations (id, tenant_id, channel, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`,
        [conversationId, this.tenantId, facts.channelId ?? 'unknown', facts.locale ?? 'de', now],
      );
      // A retry racing the original waits here for the original's commit and then inserts nothing.
      const inserted = await sql.query(
        `INSERT INTO transcript (conversation_id, activity_id, role, timestamp, json) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (conversation_id, role, activity_id) WHERE activity_id IS NOT NULL DO NOTHING
         RETURNING seq`,
        [conversationId, activityId ?? null, role, now, json],
      );
      if (inserted.rows[0] !== undefined) {
        return { duplicate: false, seq: parseRow(SeqRow, inserted.rows[0], 'transcript').seq };
      }
      const existing = await sql.query(
        'SELECT seq FROM transcript WHERE conversation_id = $1 AND role = $2 AND activity_id = $3',
        [conversationId, role, activityId ?? null],
      );
      return { duplicate: true, seq: parseRow(SeqRow, existing.rows[0], 'transcript').seq };
    });
  }

  async listActivities(conversationId: string, limit?: number): Promise<TranscriptEntry[]> {
    // LIMIT NULL is PostgreSQL for "no limit".
    const { rows } = await this.db.query(
      `SELECT seq, conversation_id, activity_id, timestamp, json FROM transcript
       WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2`,
      [conversationId, limit === undefined ? null : Math.max(0, Math.floor(limit))],
    );
    return rows.reverse().map(toEntry);
  }
}

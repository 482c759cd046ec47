import type { Database } from 'better-sqlite3';
import type { TranscriptEntry, TranscriptRepository } from '../repositories.js';
import { ActivityFacts, SeqRow, transcriptRows } from '../shared/transcript.js';
import type { GroupCommit } from './GroupCommit.js';
import { parseRow, sqliteRows } from './parseRow.js';

const { toEntry } = transcriptRows(sqliteRows);

/** How exactly `updated_at` follows a conversation's activity (see `TranscriptRepository.appendActivity`). */
export const LAST_ACTIVITY_GRANULARITY_MS = 60_000;

/** Transcripts in append order (`seq`); an activity id is stored once per conversation and sender role. */
export class SqliteTranscriptRepository implements TranscriptRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
    private readonly tenantId = 'default',
  ) {}

  async appendActivity(
    conversationId: string,
    activity: object,
    activityId?: string,
  ): Promise<{ duplicate: boolean; seq: number }> {
    const facts = ActivityFacts.parse(activity);
    const role = facts.from?.role ?? 'unknown';
    const at = Date.now();
    const now = new Date(at).toISOString();
    const stale = new Date(at - LAST_ACTIVITY_GRANULARITY_MS).toISOString();
    const json = JSON.stringify(activity);
    return this.group.write(() => {
      // Bot Framework conversations may reach us with their first activity, never created or ensured before: they
      // are the default tenant's (the repository's `tenantId`); an existing one keeps its tenant. Every activity is
      // activity: retention counts from `updated_at`, on every channel. A conversation touched in the last minute is
      // left as it is: rewriting its row and index entry on every message cost a write per message.
      this.db
        .prepare(
          `INSERT INTO conversations (id, tenant_id, channel, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at WHERE conversations.updated_at < ?`,
        )
        .run(conversationId, this.tenantId, facts.channelId ?? 'unknown', facts.locale ?? 'de', now, now, stale);
      const inserted = this.db
        .prepare(
          `INSERT INTO transcript (conversation_id, activity_id, role, timestamp, json) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (conversation_id, role, activity_id) WHERE activity_id IS NOT NULL DO NOTHING
           RETURNING seq`,
        )
        .get(conversationId, activityId ?? null, role, now, json);
      if (inserted !== undefined) return { duplicate: false, seq: parseRow(SeqRow, inserted, 'transcript').seq };
      const existing = this.db
        .prepare('SELECT seq FROM transcript WHERE conversation_id = ? AND role = ? AND activity_id = ?')
        .get(conversationId, role, activityId ?? null);
      return { duplicate: true, seq: parseRow(SeqRow, existing, 'transcript').seq };
    });
  }

  async listActivities(conversationId: string, limit?: number): Promise<TranscriptEntry[]> {
    // LIMIT -1 is SQLite for "no limit".
    const rows = this.db
      .prepare(
        `SELECT seq, conversation_id, activity_id, timestamp, json FROM transcript
         WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?`,
      )
      .all(conversationId, limit === undefined ? -1 : Math.max(0, Math.floor(limit)));
    return rows.reverse().map(toEntry);
  }
}

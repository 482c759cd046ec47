import { z } from 'zod';
import type { TranscriptEntry } from '../repositories.js';
import { JsonObject, type RowParsers } from './rowParsers.js';

/** Transcript rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function transcriptRows(rows: RowParsers) {
  const { parseJsonColumn, parseRow } = rows;
  function toEntry(row: unknown): TranscriptEntry {
    const { seq, conversation_id, activity_id, timestamp, json } = parseRow(TranscriptRow, row, 'transcript');
    return {
      seq,
      conversationId: conversation_id,
      activityId: activity_id ?? undefined,
      timestamp,
      activity: parseJsonColumn(JsonObject, json, `transcript entry ${seq}`),
    };
  }
  return { toEntry };
}

/** The few activity fields storage looks at; anything malformed counts as absent rather than failing the append. */
export const ActivityFacts = z.object({
  from: z
    .object({ role: z.string().min(1).optional().catch(undefined) })
    .optional()
    .catch(undefined),
  channelId: z.string().min(1).optional().catch(undefined),
  locale: z.string().min(1).optional().catch(undefined),
});

const TranscriptRow = z.object({
  seq: z.number(),
  conversation_id: z.string(),
  activity_id: z.string().nullable(),
  timestamp: z.string(),
  json: z.string(),
});

export const SeqRow = z.object({ seq: z.number() });

import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import {
  ConversationAddress,
  type Handover,
  type HandoverNote,
  HandoverOutcome,
  HandoverReason,
  type HandoverStats,
  HandoverStatus,
  HandoverTopic,
} from '../../handover/types.js';
import type { RowParsers } from './rowParsers.js';

/** Handover rows, notes and statistics as both backends (SQLite, PostgreSQL) read them. */
export function handoverRows(rows: RowParsers, flag: z.ZodType<boolean> = z.boolean()) {
  const HandoverRow = HandoverColumns.extend({ external: flag });
  return {
    toHandover(raw: unknown): Handover {
      const row = rows.parseRow(HandoverRow, raw, 'handovers');
      const where = `handovers ${row.id}`;
      return {
        id: row.id,
        tenantId: row.tenant_id,
        conversationId: row.conversation_id,
        channel: row.channel,
        status: row.status,
        reason: row.reason,
        lang: row.lang,
        topic: row.topic_json === null ? undefined : rows.parseJsonColumn(HandoverTopic, row.topic_json, where),
        dialogId: row.dialog_id ?? undefined,
        address: rows.parseJsonColumn(ConversationAddress, row.address_json, where),
        requestedAt: row.requested_at,
        acceptedAt: row.accepted_at ?? undefined,
        firstAgentReplyAt: row.first_agent_reply_at ?? undefined,
        endedAt: row.ended_at ?? undefined,
        agentId: row.agent_id ?? undefined,
        agentName: row.agent_name ?? undefined,
        outcome: row.outcome ?? undefined,
        external: row.external,
      };
    },
    toNote(raw: unknown): HandoverNote {
      const note = rows.parseRow(NoteRow, raw, 'handover_notes');
      return {
        id: note.id,
        handoverId: note.handover_id,
        conversationId: note.conversation_id,
        authorId: note.author_id,
        authorName: note.author_name,
        text: note.text,
        createdAt: note.created_at,
      };
    },
    /** Milliseconds from request to acceptance of a row with both times. */
    toWait(raw: unknown): number {
      const { requested_at, accepted_at } = rows.parseRow(WaitRow, raw, 'handovers');
      return Date.parse(accepted_at) - Date.parse(requested_at);
    },
  };
}

/** The statistics of the handovers requested in a period, beside the conversations started in it. */
export function handoverStatsOf(conversations: number, handovers: Handover[]): HandoverStats {
  const byReason = Object.fromEntries(HandoverReason.options.map((reason) => [reason, 0])) as Record<
    HandoverReason,
    number
  >;
  const byStatus = Object.fromEntries(HandoverStatus.options.map((status) => [status, 0])) as Record<
    HandoverStatus,
    number
  >;
  const waits: number[] = [];
  const firstReplies: number[] = [];
  for (const handover of handovers) {
    byReason[handover.reason] += 1;
    byStatus[handover.status] += 1;
    if (handover.acceptedAt === undefined) continue;
    waits.push(Date.parse(handover.acceptedAt) - Date.parse(handover.requestedAt));
    if (handover.firstAgentReplyAt !== undefined) {
      firstReplies.push(Date.parse(handover.firstAgentReplyAt) - Date.parse(handover.acceptedAt));
    }
  }
  return {
    conversations,
    handovers: handovers.length,
    byReason,
    byStatus,
    accepted: waits.length,
    waitMs: summarise(waits),
    firstReplyMs: summarise(firstReplies),
  };
}

/** Mean and percentiles (nearest rank) of durations in milliseconds; undefined without data. */
export function summarise(values: number[]): {
  mean: number | undefined;
  p50: number | undefined;
  p90: number | undefined;
} {
  if (values.length === 0) return { mean: undefined, p50: undefined, p90: undefined };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    mean: Math.round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    p50: rank(0.5),
    p90: rank(0.9),
  };
}

/** The columns of `handovers` but `external`, whose representation differs by backend. */
const HandoverColumns = z.object({
  tenant_id: z.string(),
  id: z.string(),
  conversation_id: z.string(),
  channel: z.string(),
  status: HandoverStatus,
  reason: HandoverReason,
  lang: Language,
  topic_json: z.string().nullable(),
  dialog_id: z.string().nullable(),
  address_json: z.string(),
  requested_at: z.string(),
  accepted_at: z.string().nullable(),
  first_agent_reply_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  agent_id: z.string().nullable(),
  agent_name: z.string().nullable(),
  outcome: HandoverOutcome.nullable(),
});

const NoteRow = z.object({
  id: z.string(),
  handover_id: z.string(),
  conversation_id: z.string(),
  author_id: z.string(),
  author_name: z.string(),
  text: z.string(),
  created_at: z.string(),
});

const WaitRow = z.object({ requested_at: z.string(), accepted_at: z.string() });

import { z } from 'zod';
import type { DailyCount, DialogEvent, DialogFunnel, TopService, TurnEvent } from '../../editor/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { RowParsers } from './rowParsers.js';

/** The columns of `turn_events` a turn is stored in, in this order. */
export const TURN_COLUMNS = 'tenant_id, at, day, conversation_id, lang, outcome, intent, service_id';

/** A turn's values for `TURN_COLUMNS`; `at` as normalised by `utc`. */
export function turnValues(event: TurnEvent, at: string): unknown[] {
  const { conversationId, lang, outcome, intent, serviceId } = event;
  return [
    event.tenantId ?? DEFAULT_TENANT,
    at,
    at.slice(0, 10),
    conversationId,
    lang,
    outcome,
    intent,
    serviceId ?? null,
  ];
}

/** The columns of `dialog_events` a step is stored in, in this order. */
export const DIALOG_COLUMNS = 'tenant_id, at, day, conversation_id, dialog_id, kind, field';

/** A dialog step's values for `DIALOG_COLUMNS`. */
export function dialogValues(event: DialogEvent, at: string): unknown[] {
  const { conversationId, dialogId, kind, field } = event;
  return [event.tenantId ?? DEFAULT_TENANT, at, at.slice(0, 10), conversationId, dialogId, kind, field ?? null];
}

/** Analytics rows and event times as both backends (SQLite, PostgreSQL) read and write them. */
export function analyticsRows(rows: RowParsers) {
  const { parseRow } = rows;
  return {
    toDailyCount(raw: unknown): DailyCount {
      const row = parseRow(DailyRow, raw, 'turn_events');
      return {
        day: row.day,
        conversations: row.conversations,
        answered: row.answered,
        outOfScope: row.out_of_scope,
        ambiguous: row.ambiguous,
        handovers: row.handovers,
      };
    },
    toTopService(raw: unknown): TopService {
      const row = parseRow(TopServiceRow, raw, 'turn_events');
      return { serviceId: row.service_id, count: row.count };
    },
    /** Adds a row of fields reached (in the order of the rows) to the steps of its dialog. */
    addStep(steps: Map<string, DialogFunnel['steps']>, raw: unknown): void {
      const row = parseRow(StepRow, raw, 'dialog_events');
      steps.set(row.dialog_id, [...(steps.get(row.dialog_id) ?? []), { field: row.field, reached: row.reached }]);
    },
    toFunnel(raw: unknown, steps: Map<string, DialogFunnel['steps']>): DialogFunnel {
      const row = parseRow(FunnelRow, raw, 'dialog_events');
      return {
        dialogId: row.dialog_id,
        started: row.started,
        submitted: row.submitted,
        cancelled: row.cancelled,
        steps: steps.get(row.dialog_id) ?? [],
      };
    },
    /**
     * The event's time as a UTC ISO string: stored times must compare as strings (SQLite) and start with their UTC
     * day (both).
     */
    utc(at: string): string {
      const time = new Date(at);
      if (Number.isNaN(time.getTime())) throw new Error(`${rows.backend}: analytics event at an invalid time: ${at}`);
      return time.toISOString();
    },
  };
}

const DailyRow = z.object({
  day: z.string(),
  conversations: z.number().int(),
  answered: z.number().int(),
  out_of_scope: z.number().int(),
  ambiguous: z.number().int(),
  handovers: z.number().int(),
});
const TopServiceRow = z.object({ service_id: z.string(), count: z.number().int() });
const FunnelRow = z.object({
  dialog_id: z.string(),
  started: z.number().int(),
  submitted: z.number().int(),
  cancelled: z.number().int(),
});
const StepRow = z.object({ dialog_id: z.string(), field: z.string(), reached: z.number().int() });

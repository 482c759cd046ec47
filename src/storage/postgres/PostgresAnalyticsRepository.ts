import type { DailyCount, DialogEvent, DialogFunnel, TopService, TurnEvent } from '../../editor/types.js';
import type { AnalyticsRepository } from '../repositories.js';
import { analyticsRows, DIALOG_COLUMNS, dialogValues, TURN_COLUMNS, turnValues } from '../shared/analytics.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toDailyCount, toTopService, addStep, toFunnel, utc } = analyticsRows(postgresRows);

/** The UTC day (`YYYY-MM-DD`) of a timestamptz column, whatever the session's time zone. */
const utcDay = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

const OF_TENANTS = ofTenants('$1');

/**
 * Turn and dialog events for the editors' analytics. Events carry their UTC day beside their time, as in SQLite, so
 * that days group without date arithmetic; conversations and handovers are grouped by the UTC day of their own times.
 */
export class PostgresAnalyticsRepository implements AnalyticsRepository {
  constructor(private readonly db: PostgresDb) {}

  async recordTurn(event: TurnEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO turn_events (${TURN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      turnValues(event, utc(event.at)),
    );
  }

  async recordDialogEvent(event: DialogEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO dialog_events (${DIALOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      dialogValues(event, utc(event.at)),
    );
  }

  /** A turn that started a form counts as answered: the bot understood and served the request. */
  async dailyCounts(from: Date, to: Date, tenants?: readonly string[]): Promise<DailyCount[]> {
    const { rows } = await this.db.query(
      `WITH turns AS (
         SELECT day, count(*) FILTER (WHERE outcome IN ('answered', 'form')) AS answered,
           count(*) FILTER (WHERE outcome = 'out_of_scope') AS out_of_scope,
           count(*) FILTER (WHERE outcome = 'ambiguous') AS ambiguous
         FROM turn_events WHERE ${OF_TENANTS} AND at >= $2 AND at < $3 GROUP BY day
       ), started AS (
         SELECT ${utcDay('created_at')} AS day, count(*) AS conversations
         FROM conversations WHERE ${OF_TENANTS} AND created_at >= $2 AND created_at < $3 GROUP BY 1
       ), requested AS (
         SELECT ${utcDay('requested_at')} AS day, count(*) AS handovers
         FROM handovers WHERE ${OF_TENANTS} AND requested_at >= $2 AND requested_at < $3 GROUP BY 1
       ), days AS (
         SELECT day FROM turns UNION SELECT day FROM started UNION SELECT day FROM requested
       )
       SELECT days.day, coalesce(started.conversations, 0) AS conversations, coalesce(turns.answered, 0) AS answered,
         coalesce(turns.out_of_scope, 0) AS out_of_scope, coalesce(turns.ambiguous, 0) AS ambiguous,
         coalesce(requested.handovers, 0) AS handovers
       FROM days LEFT JOIN turns USING (day) LEFT JOIN started USING (day) LEFT JOIN requested USING (day)
       ORDER BY days.day COLLATE "C"`,
      this.period(from, to, tenants),
    );
    return rows.map(toDailyCount);
  }

  async topServices(from: Date, to: Date, limit: number, tenants?: readonly string[]): Promise<TopService[]> {
    const { rows } = await this.db.query(
      `SELECT service_id, count(*) AS count FROM turn_events
       WHERE ${OF_TENANTS} AND service_id IS NOT NULL AND at >= $2 AND at < $3
       GROUP BY service_id ORDER BY count DESC, service_id COLLATE "C" LIMIT $4`,
      [...this.period(from, to, tenants), Math.max(0, Math.floor(limit))],
    );
    return rows.map(toTopService);
  }

  /** Most started first; a dialog's steps in the order their fields were first asked in the period. */
  async dialogFunnels(from: Date, to: Date, tenants?: readonly string[]): Promise<DialogFunnel[]> {
    const period = this.period(from, to, tenants);
    const steps = new Map<string, DialogFunnel['steps']>();
    const asked = await this.db.query(
      `SELECT dialog_id, field, count(DISTINCT conversation_id) AS reached FROM dialog_events
       WHERE ${OF_TENANTS} AND kind = 'asked' AND field IS NOT NULL AND at >= $2 AND at < $3
       GROUP BY dialog_id, field ORDER BY dialog_id COLLATE "C", min(at), min(seq)`,
      period,
    );
    for (const raw of asked.rows) {
      addStep(steps, raw);
    }
    const { rows } = await this.db.query(
      `SELECT dialog_id,
         count(DISTINCT conversation_id) FILTER (WHERE kind = 'started') AS started,
         count(DISTINCT conversation_id) FILTER (WHERE kind = 'submitted') AS submitted,
         count(DISTINCT conversation_id) FILTER (WHERE kind = 'cancelled') AS cancelled
       FROM dialog_events WHERE ${OF_TENANTS} AND at >= $2 AND at < $3
       GROUP BY dialog_id ORDER BY started DESC, dialog_id COLLATE "C"`,
      period,
    );
    return rows.map((raw) => toFunnel(raw, steps));
  }

  private period(from: Date, to: Date, tenants?: readonly string[]): [string[] | null, string, string] {
    return [tenantsParam(tenants), from.toISOString(), to.toISOString()];
  }
}

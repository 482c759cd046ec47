import type { Database } from 'better-sqlite3';
import type { DailyCount, DialogEvent, DialogFunnel, TopService, TurnEvent } from '../../editor/types.js';
import type { AnalyticsRepository } from '../repositories.js';
import { analyticsRows, DIALOG_COLUMNS, dialogValues, TURN_COLUMNS, turnValues } from '../shared/analytics.js';
import type { GroupCommit } from './GroupCommit.js';
import { sqliteRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toDailyCount, toTopService, addStep, toFunnel, utc } = analyticsRows(sqliteRows);

const OF_TENANTS = ofTenants();

/**
 * Turn and dialog events for the editors' analytics. Times are stored as UTC ISO strings with their UTC day beside
 * them, so periods compare as strings and days group without date functions. Conversations and handovers come from
 * their own tables (their `created_at` and `requested_at` are UTC ISO strings too). Each row carries its conversation's
 * tenant; the figures count the tenants asked for, or every tenant.
 */
export class SqliteAnalyticsRepository implements AnalyticsRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
  ) {}

  async recordTurn(event: TurnEvent): Promise<void> {
    const values = turnValues(event, utc(event.at));
    return this.group.write(() => {
      this.db.prepare(`INSERT INTO turn_events (${TURN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(values);
    });
  }

  async recordDialogEvent(event: DialogEvent): Promise<void> {
    const values = dialogValues(event, utc(event.at));
    return this.group.write(() => {
      this.db.prepare(`INSERT INTO dialog_events (${DIALOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(values);
    });
  }

  /** A turn that started a form counts as answered: the bot understood and served the request. */
  async dailyCounts(from: Date, to: Date, tenants?: readonly string[]): Promise<DailyCount[]> {
    return this.db
      .prepare(
        `WITH turns AS (
           SELECT day, sum(outcome IN ('answered', 'form')) AS answered, sum(outcome = 'out_of_scope') AS out_of_scope,
             sum(outcome = 'ambiguous') AS ambiguous
           FROM turn_events WHERE ${OF_TENANTS} AND at >= @from AND at < @to GROUP BY day
         ), started AS (
           SELECT substr(created_at, 1, 10) AS day, count(*) AS conversations
           FROM conversations WHERE ${OF_TENANTS} AND created_at >= @from AND created_at < @to GROUP BY 1
         ), requested AS (
           SELECT substr(requested_at, 1, 10) AS day, count(*) AS handovers
           FROM handovers WHERE ${OF_TENANTS} AND requested_at >= @from AND requested_at < @to GROUP BY 1
         ), days AS (
           SELECT day FROM turns UNION SELECT day FROM started UNION SELECT day FROM requested
         )
         SELECT days.day, coalesce(started.conversations, 0) AS conversations, coalesce(turns.answered, 0) AS answered,
           coalesce(turns.out_of_scope, 0) AS out_of_scope, coalesce(turns.ambiguous, 0) AS ambiguous,
           coalesce(requested.handovers, 0) AS handovers
         FROM days LEFT JOIN turns USING (day) LEFT JOIN started USING (day) LEFT JOIN requested USING (day)
         ORDER BY days.day`,
      )
      .all(this.period(from, to, tenants))
      .map(toDailyCount);
  }

  async topServices(from: Date, to: Date, limit: number, tenants?: readonly string[]): Promise<TopService[]> {
    return this.db
      .prepare(
        `SELECT service_id, count(*) AS count FROM turn_events
         WHERE ${OF_TENANTS} AND service_id IS NOT NULL AND at >= @from AND at < @to
         GROUP BY service_id ORDER BY count DESC, service_id LIMIT @limit`,
      )
      .all({ ...this.period(from, to, tenants), limit: Math.max(0, Math.floor(limit)) })
      .map(toTopService);
  }

  /** Most started first; a dialog's steps in the order their fields were first asked in the period. */
  async dialogFunnels(from: Date, to: Date, tenants?: readonly string[]): Promise<DialogFunnel[]> {
    const period = this.period(from, to, tenants);
    const steps = new Map<string, DialogFunnel['steps']>();
    for (const raw of this.db
      .prepare(
        `SELECT dialog_id, field, count(DISTINCT conversation_id) AS reached FROM dialog_events
         WHERE ${OF_TENANTS} AND kind = 'asked' AND field IS NOT NULL AND at >= @from AND at < @to
         GROUP BY dialog_id, field ORDER BY dialog_id, min(at), min(rowid)`,
      )
      .all(period)) {
      addStep(steps, raw);
    }
    return this.db
      .prepare(
        `SELECT dialog_id,
           count(DISTINCT CASE WHEN kind = 'started' THEN conversation_id END) AS started,
           count(DISTINCT CASE WHEN kind = 'submitted' THEN conversation_id END) AS submitted,
           count(DISTINCT CASE WHEN kind = 'cancelled' THEN conversation_id END) AS cancelled
         FROM dialog_events WHERE ${OF_TENANTS} AND at >= @from AND at < @to
         GROUP BY dialog_id ORDER BY started DESC, dialog_id`,
      )
      .all(period)
      .map((raw) => toFunnel(raw, steps));
  }

  private period(
    from: Date,
    to: Date,
    tenants?: readonly string[],
  ): { tenants: string | null; from: string; to: string } {
    return { tenants: tenantsParam(tenants), from: from.toISOString(), to: to.toISOString() };
  }
}

import type { Database } from 'better-sqlite3';
import type { AuditEntry, NewAuditEntry } from '../../handover/types.js';
import type { AuditRepository } from '../repositories.js';
import { auditRows, DEFAULT_LIMIT, escapeLike, MAX_LIMIT } from '../shared/audit.js';
import { sqliteRows } from './parseRow.js';

const { toEntry } = auditRows(sqliteRows);

export class SqliteAuditRepository implements AuditRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const result = this.db
      .prepare(
        `INSERT INTO audit_log (tenant_id, at, actor_id, actor_name, action, conversation_id, details_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        this.tenantId,
        entry.at,
        entry.actorId ?? null,
        entry.actorName,
        entry.action,
        entry.conversationId ?? null,
        JSON.stringify(entry.details),
      );
    return { ...entry, id: Number(result.lastInsertRowid) };
  }

  async listAudit(
    filter: { conversationId?: string; action?: string; actionPrefix?: string; limit?: number; beforeId?: number } = {},
  ): Promise<AuditEntry[]> {
    const where = ['tenant_id = ?'];
    const values: (string | number)[] = [this.tenantId];
    if (filter.conversationId !== undefined) {
      where.push('conversation_id = ?');
      values.push(filter.conversationId);
    }
    if (filter.action !== undefined) {
      where.push('action = ?');
      values.push(filter.action);
    }
    if (filter.actionPrefix !== undefined) {
      // LIKE ignores the case of ASCII letters; comparing the start keeps the prefix case-sensitive.
      where.push("action LIKE ? ESCAPE '\\' AND substr(action, 1, length(?)) = ?");
      values.push(`${escapeLike(filter.actionPrefix)}%`, filter.actionPrefix, filter.actionPrefix);
    }
    if (filter.beforeId !== undefined) {
      where.push('id < ?');
      values.push(filter.beforeId);
    }
    const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
    return this.db
      .prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .all(...values, limit)
      .map(toEntry);
  }
}

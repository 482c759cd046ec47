import type { Database } from 'better-sqlite3';
import type { AuditEntry, NewAuditEntry } from '../../handover/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { AuditFilter, AuditRepository } from '../repositories.js';
import { auditRows, DEFAULT_LIMIT, escapeLike, MAX_LIMIT } from '../shared/audit.js';
import { sqliteRows } from './parseRow.js';
import { ofTenants, tenantsParam } from './tenantFilter.js';

const { toEntry } = auditRows(sqliteRows);

/** Append-only, over every tenant: each entry carries the tenant it concerns. */
export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly db: Database) {}

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const tenantId = entry.tenantId ?? DEFAULT_TENANT;
    const result = this.db
      .prepare(
        `INSERT INTO audit_log (tenant_id, at, actor_id, actor_name, action, conversation_id, details_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        tenantId,
        entry.at,
        entry.actorId ?? null,
        entry.actorName,
        entry.action,
        entry.conversationId ?? null,
        JSON.stringify(entry.details),
      );
    return { ...entry, tenantId, id: Number(result.lastInsertRowid) };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    // The tenants are a named parameter (bound after the positional ones): the filter reads it twice.
    const where = [ofTenants()];
    const values: (string | number)[] = [];
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
      .all(...values, limit, { tenants: tenantsParam(filter.tenants) })
      .map(toEntry);
  }
}

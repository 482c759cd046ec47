import { z } from 'zod';
import type { AuditEntry, NewAuditEntry } from '../../handover/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { AuditFilter, AuditRepository } from '../repositories.js';
import { auditRows, DEFAULT_LIMIT, escapeLike, MAX_LIMIT } from '../shared/audit.js';
import type { PostgresDb } from './PostgresDb.js';
import { parseRow, postgresRows } from './parseRow.js';
import { ofTenants } from './tenantFilter.js';

const { toEntry } = auditRows(postgresRows);

const IdRow = z.object({ id: z.number().int() });

/**
 * Append-only, over every tenant (each entry carries the tenant it concerns); ids come from an identity column, so
 * they grow with every entry across instances.
 */
export class PostgresAuditRepository implements AuditRepository {
  constructor(private readonly db: PostgresDb) {}

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const tenantId = entry.tenantId ?? DEFAULT_TENANT;
    const { rows } = await this.db.query(
      `INSERT INTO audit_log (tenant_id, at, actor_id, actor_name, action, conversation_id, details_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        tenantId,
        entry.at,
        entry.actorId ?? null,
        entry.actorName,
        entry.action,
        entry.conversationId ?? null,
        JSON.stringify(entry.details),
      ],
    );
    return { ...entry, tenantId, id: parseRow(IdRow, rows[0], 'audit_log').id };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const values: (string | number | string[])[] = [];
    const where = ['true'];
    const condition = (sql: (placeholder: string) => string, value: string | number | string[]) => {
      values.push(value);
      where.push(sql(`$${values.length}`));
    };
    if (filter.tenants !== undefined) condition(ofTenants, [...filter.tenants]);
    if (filter.conversationId !== undefined) condition((p) => `conversation_id = ${p}`, filter.conversationId);
    if (filter.action !== undefined) condition((p) => `action = ${p}`, filter.action);
    // PostgreSQL's LIKE is case-sensitive; the prefix's own `%`, `_` and `\` are escaped to match literally.
    if (filter.actionPrefix !== undefined) {
      condition((p) => `action LIKE ${p} ESCAPE '\\'`, `${escapeLike(filter.actionPrefix)}%`);
    }
    if (filter.beforeId !== undefined) condition((p) => `id < ${p}`, filter.beforeId);
    values.push(Math.min(Math.max(1, filter.limit ?? DEFAULT_LIMIT), MAX_LIMIT));
    const { rows } = await this.db.query(
      `SELECT id, at, actor_id, actor_name, action, conversation_id, tenant_id, details_json FROM audit_log
       WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toEntry);
  }
}

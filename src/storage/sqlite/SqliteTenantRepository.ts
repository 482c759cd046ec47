import type { Database } from 'better-sqlite3';
import type { Tenant, TenantSettings } from '../../tenants/types.js';
import type { TenantRepository } from '../repositories.js';
import { COLUMNS, tenantRows } from '../shared/tenants.js';
import { sqliteRows } from './parseRow.js';

const { toTenant, toSave } = tenantRows(sqliteRows);

/** The installation's tenants; migration 7 creates `default`, so that every database has it. */
export class SqliteTenantRepository implements TenantRepository {
  constructor(private readonly db: Database) {}

  async listTenants(): Promise<Tenant[]> {
    return this.db.prepare(`SELECT ${COLUMNS} FROM tenants ORDER BY id`).all().map(toTenant);
  }

  async findTenant(id: string): Promise<Tenant | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM tenants WHERE id = ?`).get(id);
    return row === undefined ? undefined : toTenant(row);
  }

  async saveTenant(id: string, settings: TenantSettings): Promise<Tenant> {
    const valid = toSave(id, settings);
    const now = new Date().toISOString();
    const row = this.db
      .prepare(
        `INSERT INTO tenants (id, settings_json, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json, updated_at = excluded.updated_at
         RETURNING ${COLUMNS}`,
      )
      .get(valid.id, valid.settingsJson, now, now);
    return toTenant(row);
  }
}

import type { Tenant, TenantSettings } from '../../tenants/types.js';
import type { TenantRepository } from '../repositories.js';
import { COLUMNS, tenantRows } from '../shared/tenants.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toTenant, toSave } = tenantRows(postgresRows);

/** The installation's tenants; migration 2 creates `default`, so that every database has it. */
export class PostgresTenantRepository implements TenantRepository {
  constructor(private readonly db: PostgresDb) {}

  async listTenants(): Promise<Tenant[]> {
    // Bytewise, as SQLite orders them, whatever the database's locale.
    const { rows } = await this.db.query(`SELECT ${COLUMNS} FROM tenants ORDER BY id COLLATE "C"`);
    return rows.map(toTenant);
  }

  async findTenant(id: string): Promise<Tenant | undefined> {
    const { rows } = await this.db.query(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : toTenant(rows[0]);
  }

  async saveTenant(id: string, settings: TenantSettings): Promise<Tenant> {
    const valid = toSave(id, settings);
    // The process clock, not now(): the same instants as SQLite, and the ones tests set.
    const now = new Date().toISOString();
    const { rows } = await this.db.query(
      `INSERT INTO tenants (id, settings_json, created_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json, updated_at = excluded.updated_at
       RETURNING ${COLUMNS}`,
      [valid.id, valid.settingsJson, now],
    );
    return toTenant(rows[0]);
  }
}

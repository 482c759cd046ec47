import { z } from 'zod';
import { type Tenant, TenantId, TenantSettings } from '../../tenants/types.js';
import type { RowParsers } from './rowParsers.js';

/** Tenant rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function tenantRows(rows: RowParsers) {
  const { backend, parseRow, parseJsonColumn } = rows;
  function toTenant(raw: unknown): Tenant {
    const row = parseRow(TenantRow, raw, 'tenants');
    return {
      id: row.id,
      settings: parseJsonColumn(TenantSettings, row.settings_json, `tenants ${row.id}`),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
  /**
   * What `saveTenant` stores: the id and the settings as the schema reads them (trimmed), or an error naming the tenant
   * and every reason, before anything is written. A `govbot tenant set` with a typo must fail here, not later when
   * every instance reads the tenants and cannot parse them.
   */
  function toSave(id: string, settings: unknown): { id: string; settingsJson: string } {
    const validId = TenantId.safeParse(id);
    if (!validId.success) {
      throw new Error(`${backend}: not a tenant id: ${JSON.stringify(id)}: ${z.prettifyError(validId.error)}`);
    }
    const valid = TenantSettings.safeParse(settings);
    if (!valid.success) {
      throw new Error(`${backend}: invalid settings for tenant ${id}: ${z.prettifyError(valid.error)}`);
    }
    return { id: validId.data, settingsJson: JSON.stringify(valid.data) };
  }
  return { toTenant, toSave };
}

const TenantRow = z.object({
  id: z.string(),
  settings_json: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const COLUMNS = 'id, settings_json, created_at, updated_at';

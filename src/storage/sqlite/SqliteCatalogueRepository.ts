import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { Catalogue, type Office, type Service } from '../../catalogue/schema.js';
import type { CatalogueRepository } from '../repositories.js';
import { catalogueRows } from '../shared/catalogue.js';
import { parseRow, sqliteRows } from './parseRow.js';

const { toService, toOffice } = catalogueRows(sqliteRows);

const CountRow = z.object({ count: z.number() });

/** Services and offices as JSON documents, listed by id so that fingerprints over the catalogue are stable. */
export class SqliteCatalogueRepository implements CatalogueRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async findService(id: string): Promise<Service | undefined> {
    const row = this.db.prepare('SELECT id, json FROM services WHERE tenant_id = ? AND id = ?').get(this.tenantId, id);
    return row === undefined ? undefined : toService(row);
  }

  async listServices(): Promise<Service[]> {
    return this.db
      .prepare('SELECT id, json FROM services WHERE tenant_id = ? ORDER BY id')
      .all(this.tenantId)
      .map(toService);
  }

  async listOffices(): Promise<Office[]> {
    return this.db
      .prepare('SELECT id, json FROM offices WHERE tenant_id = ? ORDER BY id')
      .all(this.tenantId)
      .map(toOffice);
  }

  async saveCatalogue(catalogue: Catalogue, options: { replace: boolean }): Promise<void> {
    // Validated before writing, so that a bad document fails here and not on every later read.
    const checked = Catalogue.safeParse(catalogue);
    if (!checked.success) throw new Error(`sqlite: cannot save catalogue: ${z.prettifyError(checked.error)}`);
    const { services, offices } = checked.data;
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.saveDocuments('services', services, now, options.replace);
      this.saveDocuments('offices', offices, now, options.replace);
    })();
  }

  async deleteService(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM services WHERE tenant_id = ? AND id = ?').run(this.tenantId, id).changes > 0;
  }

  async isEmpty(): Promise<boolean> {
    const row = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM services WHERE tenant_id = @tenant)
              + (SELECT count(*) FROM offices WHERE tenant_id = @tenant) AS count`,
      )
      .get({ tenant: this.tenantId });
    return parseRow(CountRow, row, 'services/offices').count === 0;
  }

  private saveDocuments(
    table: 'services' | 'offices',
    documents: ReadonlyArray<{ id: string }>,
    now: string,
    replace: boolean,
  ): void {
    const upsert = this.db.prepare(
      `INSERT INTO ${table} (tenant_id, id, json, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
    );
    for (const document of documents) upsert.run(this.tenantId, document.id, JSON.stringify(document), now);
    if (replace) {
      // json_each keeps the kept ids in one parameter, however large the catalogue.
      this.db
        .prepare(`DELETE FROM ${table} WHERE tenant_id = ? AND id NOT IN (SELECT value FROM json_each(?))`)
        .run(this.tenantId, JSON.stringify(documents.map((document) => document.id)));
    }
  }
}

import { z } from 'zod';
import { Catalogue, type Office, type Service } from '../../catalogue/schema.js';
import type { CatalogueRepository } from '../repositories.js';
import { catalogueRows } from '../shared/catalogue.js';
import type { PostgresDb, Sql } from './PostgresDb.js';
import { CountRow, parseRow, postgresRows } from './parseRow.js';

const { toService, toOffice } = catalogueRows(postgresRows);

/** Services and offices as JSON documents, listed by id (bytewise, as SQLite) so fingerprints over them are stable. */
export class PostgresCatalogueRepository implements CatalogueRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async findService(id: string): Promise<Service | undefined> {
    const { rows } = await this.db.query('SELECT id, json FROM services WHERE tenant_id = $1 AND id = $2', [
      this.tenantId,
      id,
    ]);
    return rows[0] === undefined ? undefined : toService(rows[0]);
  }

  async listServices(): Promise<Service[]> {
    const { rows } = await this.db.query('SELECT id, json FROM services WHERE tenant_id = $1 ORDER BY id COLLATE "C"', [
      this.tenantId,
    ]);
    return rows.map(toService);
  }

  async listOffices(): Promise<Office[]> {
    const { rows } = await this.db.query('SELECT id, json FROM offices WHERE tenant_id = $1 ORDER BY id COLLATE "C"', [
      this.tenantId,
    ]);
    return rows.map(toOffice);
  }

  async deleteService(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM services WHERE tenant_id = $1 AND id = $2', [
      this.tenantId,
      id,
    ]);
    return rowCount > 0;
  }

  async saveCatalogue(catalogue: Catalogue, options: { replace: boolean }): Promise<void> {
    // Validated before writing, so that a bad document fails here and not on every later read.
    const checked = Catalogue.safeParse(catalogue);
    if (!checked.success) throw new Error(`postgres: cannot save catalogue: ${z.prettifyError(checked.error)}`);
    const { services, offices } = checked.data;
    const now = new Date().toISOString();
    await this.db.transaction(async (sql) => {
      await this.saveDocuments(sql, 'services', services, now, options.replace);
      await this.saveDocuments(sql, 'offices', offices, now, options.replace);
    });
  }

  async isEmpty(): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT (SELECT count(*) FROM services WHERE tenant_id = $1) + (SELECT count(*) FROM offices WHERE tenant_id = $1)
         AS count`,
      [this.tenantId],
    );
    return parseRow(CountRow, rows[0], 'services/offices').count === 0;
  }

  /** One statement per table however large the catalogue: the documents travel as arrays, unnested in SQL. */
  private async saveDocuments(
    sql: Sql,
    table: 'services' | 'offices',
    documents: ReadonlyArray<{ id: string }>,
    now: string,
    replace: boolean,
  ): Promise<void> {
    // One row per id, the last one given winning as it does when SQLite upserts them one by one (a statement may not
    // upsert one row twice).
    const byId = new Map(documents.map((document) => [document.id, document]));
    const ids = [...byId.keys()];
    await sql.query(
      `INSERT INTO ${table} (tenant_id, id, json, updated_at)
       SELECT $1, document.id, document.json, $4::timestamptz FROM unnest($2::text[], $3::text[]) AS document (id, json)
       ON CONFLICT (tenant_id, id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
      [this.tenantId, ids, [...byId.values()].map((document) => JSON.stringify(document)), now],
    );
    if (replace) {
      await sql.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND NOT (id = ANY ($2::text[]))`, [
        this.tenantId,
        ids,
      ]);
    }
  }
}

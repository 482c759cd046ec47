import type { ModelVersion, NewModelVersion } from '../../editor/types.js';
import type { VersionRepository } from '../repositories.js';
import { SnapshotRow, versionRows } from '../shared/versions.js';
import { LOCK, type PostgresDb } from './PostgresDb.js';
import { parseRow, postgresRows } from './parseRow.js';

const { toVersion } = versionRows(postgresRows);

const VERSION_COLUMNS = `version, published_at, published_by, fingerprint, corpora_hash, catalogue_hash,
  training_run_id, gate_passed, override_reason, override_by, rollback_of, note`;

/**
 * Published versions, numbered per tenant, and the content snapshots they point to. Snapshots are shared by hash like
 * models: the same content published twice, or by a rollback, is stored once.
 */
export class PostgresVersionRepository implements VersionRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async saveSnapshot(hash: string, kind: 'corpora' | 'catalogue', json: string): Promise<void> {
    await this.db.query(
      'INSERT INTO snapshots (hash, kind, json, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING',
      [hash, kind, json, new Date().toISOString()],
    );
  }

  async findSnapshot(hash: string): Promise<string | undefined> {
    const { rows } = await this.db.query('SELECT json FROM snapshots WHERE hash = $1', [hash]);
    return rows[0] === undefined ? undefined : parseRow(SnapshotRow, rows[0], 'snapshots').json;
  }

  async publishVersion(version: NewModelVersion): Promise<ModelVersion> {
    return this.db.transaction(async (sql) => {
      // Publishers of one tenant take turns (also across instances), so two cannot both take the highest number + 1.
      await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.versions, this.tenantId]);
      const { rows } = await sql.query(
        `INSERT INTO model_versions (tenant_id, version, published_at, published_by, fingerprint, corpora_hash,
           catalogue_hash, training_run_id, gate_passed, override_reason, override_by, rollback_of, note)
         SELECT $1, coalesce(max(version), 0) + 1, $2::timestamptz, $3, $4, $5, $6, $7, $8::boolean, $9, $10,
           $11::integer, $12
         FROM model_versions WHERE tenant_id = $1
         RETURNING ${VERSION_COLUMNS}`,
        [
          this.tenantId,
          version.publishedAt,
          version.publishedBy,
          version.fingerprint,
          version.corporaHash,
          version.catalogueHash,
          version.trainingRunId ?? null,
          version.gatePassed ?? null,
          version.override?.reason ?? null,
          version.override?.by ?? null,
          version.rollbackOf ?? null,
          version.note ?? null,
        ],
      );
      return toVersion(rows[0]);
    });
  }

  async listVersions(): Promise<ModelVersion[]> {
    const { rows } = await this.db.query(
      `SELECT ${VERSION_COLUMNS} FROM model_versions WHERE tenant_id = $1 ORDER BY version DESC`,
      [this.tenantId],
    );
    return rows.map(toVersion);
  }

  async findVersion(version: number): Promise<ModelVersion | undefined> {
    const { rows } = await this.db.query(
      `SELECT ${VERSION_COLUMNS} FROM model_versions WHERE tenant_id = $1 AND version = $2`,
      [this.tenantId, version],
    );
    return rows[0] === undefined ? undefined : toVersion(rows[0]);
  }

  async liveVersion(): Promise<ModelVersion | undefined> {
    const { rows } = await this.db.query(
      `SELECT ${VERSION_COLUMNS} FROM model_versions WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1`,
      [this.tenantId],
    );
    return rows[0] === undefined ? undefined : toVersion(rows[0]);
  }
}

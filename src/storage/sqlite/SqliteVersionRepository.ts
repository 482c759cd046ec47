import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { ModelVersion, NewModelVersion } from '../../editor/types.js';
import type { VersionRepository } from '../repositories.js';
import { SnapshotRow, versionRows } from '../shared/versions.js';
import { parseRow, SqliteFlag, sqliteRows } from './parseRow.js';

const { toVersion } = versionRows(sqliteRows, SqliteFlag);

const NextRow = z.object({ next: z.number().int() });

/**
 * Published versions, numbered per tenant, and the content snapshots they point to. Snapshots are shared by hash like
 * models: the same content published twice, or by a rollback, is stored once.
 */
export class SqliteVersionRepository implements VersionRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async saveSnapshot(hash: string, kind: 'corpora' | 'catalogue', json: string): Promise<void> {
    this.db
      .prepare('INSERT INTO snapshots (hash, kind, json, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING')
      .run(hash, kind, json, new Date().toISOString());
  }

  async findSnapshot(hash: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT json FROM snapshots WHERE hash = ?').get(hash);
    return row === undefined ? undefined : parseRow(SnapshotRow, row, 'snapshots').json;
  }

  async publishVersion(version: NewModelVersion): Promise<ModelVersion> {
    // IMMEDIATE takes the write lock before reading the highest number, so two publishers (even in two processes)
    // cannot both take the same one.
    const number = this.db
      .transaction(() => {
        const { next } = parseRow(
          NextRow,
          this.db
            .prepare('SELECT coalesce(max(version), 0) + 1 AS next FROM model_versions WHERE tenant_id = ?')
            .get(this.tenantId),
          'model_versions',
        );
        this.db
          .prepare(
            `INSERT INTO model_versions (tenant_id, version, published_at, published_by, fingerprint, corpora_hash,
               catalogue_hash, training_run_id, gate_passed, override_reason, override_by, rollback_of, note)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            this.tenantId,
            next,
            version.publishedAt,
            version.publishedBy,
            version.fingerprint,
            version.corporaHash,
            version.catalogueHash,
            version.trainingRunId ?? null,
            version.gatePassed === undefined ? null : Number(version.gatePassed),
            version.override?.reason ?? null,
            version.override?.by ?? null,
            version.rollbackOf ?? null,
            version.note ?? null,
          );
        return next;
      })
      .immediate();
    const published = await this.findVersion(number);
    if (published === undefined) throw new Error(`sqlite: version ${number} vanished after insert`);
    return published;
  }

  async listVersions(): Promise<ModelVersion[]> {
    return this.db
      .prepare('SELECT * FROM model_versions WHERE tenant_id = ? ORDER BY version DESC')
      .all(this.tenantId)
      .map(toVersion);
  }

  async findVersion(version: number): Promise<ModelVersion | undefined> {
    const row = this.db
      .prepare('SELECT * FROM model_versions WHERE tenant_id = ? AND version = ?')
      .get(this.tenantId, version);
    return row === undefined ? undefined : toVersion(row);
  }

  async liveVersion(): Promise<ModelVersion | undefined> {
    const row = this.db
      .prepare('SELECT * FROM model_versions WHERE tenant_id = ? ORDER BY version DESC LIMIT 1')
      .get(this.tenantId);
    return row === undefined ? undefined : toVersion(row);
  }
}

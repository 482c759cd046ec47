import type { ModelRepository, StoredModel } from '../repositories.js';
import { modelRows } from '../shared/models.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toModel } = modelRows(postgresRows);

/** Trained models by fingerprint; saving a fingerprint again replaces that model. */
export class PostgresModelRepository implements ModelRepository {
  constructor(private readonly db: PostgresDb) {}

  async findModel(fingerprint: string): Promise<StoredModel | undefined> {
    const { rows } = await this.db.query('SELECT fingerprint, created_at, data FROM models WHERE fingerprint = $1', [
      fingerprint,
    ]);
    return rows[0] === undefined ? undefined : toModel(rows[0]);
  }

  async findLatestModel(): Promise<StoredModel | undefined> {
    // seq breaks ties between models saved within the same millisecond: the later first save wins, as SQLite's rowid.
    const { rows } = await this.db.query(
      'SELECT fingerprint, created_at, data FROM models ORDER BY created_at DESC, seq DESC LIMIT 1',
    );
    return rows[0] === undefined ? undefined : toModel(rows[0]);
  }

  async saveModel(model: StoredModel): Promise<void> {
    await this.db.query(
      `INSERT INTO models (fingerprint, created_at, data) VALUES ($1, $2, $3)
       ON CONFLICT (fingerprint) DO UPDATE SET created_at = excluded.created_at, data = excluded.data`,
      [model.fingerprint, model.createdAt, model.data],
    );
  }
}

import type { Database } from 'better-sqlite3';
import type { ModelRepository, StoredModel } from '../repositories.js';
import { modelRows } from '../shared/models.js';
import { sqliteRows } from './parseRow.js';

const { toModel } = modelRows(sqliteRows);

/** Trained models by fingerprint; saving a fingerprint again replaces that model. */
export class SqliteModelRepository implements ModelRepository {
  constructor(private readonly db: Database) {}

  async findModel(fingerprint: string): Promise<StoredModel | undefined> {
    const row = this.db
      .prepare('SELECT fingerprint, created_at, data FROM models WHERE fingerprint = ?')
      .get(fingerprint);
    return row === undefined ? undefined : toModel(row);
  }

  async findLatestModel(): Promise<StoredModel | undefined> {
    // rowid breaks ties between models saved within the same millisecond: the later save wins.
    const row = this.db
      .prepare('SELECT fingerprint, created_at, data FROM models ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get();
    return row === undefined ? undefined : toModel(row);
  }

  async saveModel(model: StoredModel): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO models (fingerprint, created_at, data) VALUES (?, ?, ?)
         ON CONFLICT (fingerprint) DO UPDATE SET created_at = excluded.created_at, data = excluded.data`,
      )
      .run(model.fingerprint, model.createdAt, model.data);
  }
}

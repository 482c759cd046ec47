import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { NewTrainingRun, TrainingRun, TrainingRunPatch } from '../../editor/types.js';
import type { TrainingRunRepository } from '../repositories.js';
import { DEFAULT_LIMIT, MAX_LIMIT, patchColumns, trainingRunRows } from '../shared/trainingRuns.js';
import { sqliteRows } from './parseRow.js';

const { toRun } = trainingRunRows(sqliteRows);

/** Training runs with their progress and gate report; the worker updates a run as it goes. */
export class SqliteTrainingRunRepository implements TrainingRunRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async createRun(run: NewTrainingRun): Promise<TrainingRun> {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO training_runs (tenant_id, id, status, phase, progress, started_at, started_by, corpora_hash,
           catalogue_hash)
         VALUES (?, ?, 'running', 'training', 0, ?, ?, ?, ?)`,
      )
      .run(this.tenantId, id, run.startedAt, run.startedBy, run.corporaHash, run.catalogueHash);
    const created = await this.findRun(id);
    if (created === undefined) throw new Error(`sqlite: training run ${id} vanished after insert`);
    return created;
  }

  async updateRun(id: string, patch: TrainingRunPatch): Promise<TrainingRun | undefined> {
    const columns = patchColumns(patch);
    if (columns.length > 0) {
      const sets = columns.map(([column]) => `${column} = ?`);
      const values = columns.map(([, value]) => value);
      this.db
        .prepare(`UPDATE training_runs SET ${sets.join(', ')} WHERE id = ? AND tenant_id = ?`)
        .run(...values, id, this.tenantId);
    }
    return this.findRun(id);
  }

  async findRun(id: string): Promise<TrainingRun | undefined> {
    const row = this.db.prepare('SELECT * FROM training_runs WHERE id = ? AND tenant_id = ?').get(id, this.tenantId);
    return row === undefined ? undefined : toRun(row);
  }

  async listRuns(limit = DEFAULT_LIMIT): Promise<TrainingRun[]> {
    return this.db
      .prepare('SELECT * FROM training_runs WHERE tenant_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?')
      .all(this.tenantId, Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT))
      .map(toRun);
  }

  async failRunningRuns(at: string, error: string): Promise<number> {
    return this.db
      .prepare(`UPDATE training_runs SET status = 'failed', finished_at = ?, error = ? WHERE status = 'running'`)
      .run(at, error).changes;
  }
}

import { randomUUID } from 'node:crypto';
import type { NewTrainingRun, TrainingRun, TrainingRunPatch } from '../../editor/types.js';
import type { TrainingRunRepository } from '../repositories.js';
import { DEFAULT_LIMIT, MAX_LIMIT, patchColumns, trainingRunRows } from '../shared/trainingRuns.js';
import type { PostgresDb } from './PostgresDb.js';
import { postgresRows } from './parseRow.js';

const { toRun } = trainingRunRows(postgresRows);

const RUN_COLUMNS = `id, status, phase, progress, started_at, finished_at, started_by, corpora_hash, catalogue_hash,
  fingerprint, gate_json, error`;

/** Training runs with their progress and gate report; the worker updates a run as it goes. */
export class PostgresTrainingRunRepository implements TrainingRunRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async createRun(run: NewTrainingRun): Promise<TrainingRun> {
    const { rows } = await this.db.query(
      `INSERT INTO training_runs (tenant_id, id, status, phase, progress, started_at, started_by, corpora_hash,
         catalogue_hash)
       VALUES ($1, $2, 'running', 'training', 0, $3, $4, $5, $6)
       RETURNING ${RUN_COLUMNS}`,
      [this.tenantId, randomUUID(), run.startedAt, run.startedBy, run.corporaHash, run.catalogueHash],
    );
    return toRun(rows[0]);
  }

  async updateRun(id: string, patch: TrainingRunPatch): Promise<TrainingRun | undefined> {
    const columns = patchColumns(patch);
    if (columns.length === 0) return this.findRun(id);
    // Column names come from patchColumns' fixed list, values only as parameters.
    const sets = columns.map(([column], index) => `${column} = $${index + 1}`);
    const n = columns.length;
    const { rows } = await this.db.query(
      `UPDATE training_runs SET ${sets.join(', ')} WHERE id = $${n + 1} AND tenant_id = $${n + 2}
       RETURNING ${RUN_COLUMNS}`,
      [...columns.map(([, value]) => value), id, this.tenantId],
    );
    return rows[0] === undefined ? undefined : toRun(rows[0]);
  }

  async findRun(id: string): Promise<TrainingRun | undefined> {
    const { rows } = await this.db.query(`SELECT ${RUN_COLUMNS} FROM training_runs WHERE id = $1 AND tenant_id = $2`, [
      id,
      this.tenantId,
    ]);
    return rows[0] === undefined ? undefined : toRun(rows[0]);
  }

  async listRuns(limit = DEFAULT_LIMIT): Promise<TrainingRun[]> {
    const { rows } = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM training_runs WHERE tenant_id = $1 ORDER BY started_at DESC, seq DESC LIMIT $2`,
      [this.tenantId, Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT)],
    );
    return rows.map(toRun);
  }

  async failRunningRuns(at: string, error: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE training_runs SET status = 'failed', finished_at = $1, error = $2 WHERE status = 'running'`,
      [at, error],
    );
    return rowCount;
  }
}

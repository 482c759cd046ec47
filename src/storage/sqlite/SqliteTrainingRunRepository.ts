import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  GateReport,
  type NewTrainingRun,
  TrainingPhase,
  type TrainingRun,
  type TrainingRunPatch,
  TrainingStatus,
} from '../../editor/types.js';
import type { TrainingRunRepository } from '../repositories.js';
import { parseJsonColumn, parseRow } from './parseRow.js';

const RunRow = z.object({
  id: z.string(),
  status: TrainingStatus,
  phase: TrainingPhase,
  progress: z.number(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  started_by: z.string(),
  corpora_hash: z.string(),
  catalogue_hash: z.string(),
  fingerprint: z.string().nullable(),
  gate_json: z.string().nullable(),
  error: z.string().nullable(),
});

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

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
      .prepare(
        `UPDATE training_runs SET status = 'failed', finished_at = ?, error = ?
         WHERE tenant_id = ? AND status = 'running'`,
      )
      .run(at, error, this.tenantId).changes;
  }
}

/**
 * The columns `patch` sets. Only the patchable fields count: TypeScript lets a caller pass any object with more
 * properties (a whole run, say), and those must neither change the row nor reach the SQL.
 */
function patchColumns(patch: TrainingRunPatch): [string, string | number][] {
  const columns: [string, string | number | undefined][] = [
    ['status', patch.status],
    ['phase', patch.phase],
    ['progress', patch.progress],
    ['finished_at', patch.finishedAt],
    ['fingerprint', patch.fingerprint],
    ['gate_json', patch.gate === undefined ? undefined : JSON.stringify(GateReport.parse(patch.gate))],
    ['error', patch.error],
  ];
  return columns.flatMap(([column, value]): [string, string | number][] =>
    value === undefined ? [] : [[column, value]],
  );
}

function toRun(raw: unknown): TrainingRun {
  const row = parseRow(RunRow, raw, 'training_runs');
  return {
    id: row.id,
    status: row.status,
    phase: row.phase,
    progress: row.progress,
    startedAt: row.started_at,
    finishedAt: row.finished_at ?? undefined,
    startedBy: row.started_by,
    corporaHash: row.corpora_hash,
    catalogueHash: row.catalogue_hash,
    fingerprint: row.fingerprint ?? undefined,
    gate: row.gate_json === null ? undefined : parseJsonColumn(GateReport, row.gate_json, `training_runs ${row.id}`),
    error: row.error ?? undefined,
  };
}

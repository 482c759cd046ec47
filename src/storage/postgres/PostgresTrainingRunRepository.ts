import { randomUUID } from 'node:crypto';
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
import type { PostgresDb } from './PostgresDb.js';
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
const RUN_COLUMNS = `id, status, phase, progress, started_at, finished_at, started_by, corpora_hash, catalogue_hash,
  fingerprint, gate_json, error`;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

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
      `UPDATE training_runs SET status = 'failed', finished_at = $1, error = $2
       WHERE tenant_id = $3 AND status = 'running'`,
      [at, error, this.tenantId],
    );
    return rowCount;
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

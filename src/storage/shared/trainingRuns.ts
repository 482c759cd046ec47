import { z } from 'zod';
import {
  GateReport,
  TrainingPhase,
  type TrainingRun,
  type TrainingRunPatch,
  TrainingStatus,
} from '../../editor/types.js';
import type { RowParsers } from './rowParsers.js';

/** Training run rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function trainingRunRows(rows: RowParsers) {
  const { parseJsonColumn, parseRow } = rows;
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
  return { toRun };
}

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

export const DEFAULT_LIMIT = 20;

export const MAX_LIMIT = 1000;

/**
 * The columns `patch` sets. Only the patchable fields count: TypeScript lets a caller pass any object with more
 * properties (a whole run, say), and those must neither change the row nor reach the SQL.
 */
export function patchColumns(patch: TrainingRunPatch): [string, string | number][] {
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

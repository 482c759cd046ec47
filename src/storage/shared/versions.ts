import { z } from 'zod';
import type { ModelVersion } from '../../editor/types.js';
import type { RowParsers } from './rowParsers.js';

/**
 * Model version rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors, `flag` reads
 * the boolean `gate_passed` in the backend's representation.
 */
export function versionRows(rows: RowParsers, flag: z.ZodType<boolean> = z.boolean()) {
  const VersionRow = VersionColumns.extend({ gate_passed: flag.nullable() });
  function toVersion(raw: unknown): ModelVersion {
    const row = rows.parseRow(VersionRow, raw, 'model_versions');
    return {
      version: row.version,
      publishedAt: row.published_at,
      publishedBy: row.published_by,
      fingerprint: row.fingerprint,
      corporaHash: row.corpora_hash,
      catalogueHash: row.catalogue_hash,
      trainingRunId: row.training_run_id ?? undefined,
      gatePassed: row.gate_passed ?? undefined,
      // Written together, so one without the other cannot occur.
      override:
        row.override_reason === null || row.override_by === null
          ? undefined
          : { reason: row.override_reason, by: row.override_by },
      rollbackOf: row.rollback_of ?? undefined,
      note: row.note ?? undefined,
    };
  }
  return { toVersion };
}

export const SnapshotRow = z.object({ json: z.string() });

/** The columns of `model_versions` but `gate_passed`, whose representation differs by backend. */
const VersionColumns = z.object({
  version: z.number().int(),
  published_at: z.string(),
  published_by: z.string(),
  fingerprint: z.string(),
  corpora_hash: z.string(),
  catalogue_hash: z.string(),
  training_run_id: z.string().nullable(),
  override_reason: z.string().nullable(),
  override_by: z.string().nullable(),
  rollback_of: z.number().int().nullable(),
  note: z.string().nullable(),
});

import { z } from 'zod';
import type { StoredModel } from '../repositories.js';
import type { RowParsers } from './rowParsers.js';

/** Model rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function modelRows(rows: RowParsers) {
  const { parseRow } = rows;
  function toModel(row: unknown): StoredModel {
    const { fingerprint, created_at, data } = parseRow(ModelRow, row, 'models');
    return { fingerprint, createdAt: created_at, data };
  }
  return { toModel };
}

const ModelRow = z.object({ fingerprint: z.string(), created_at: z.string(), data: z.string() });

import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import type { CannedResponse } from '../../handover/types.js';
import type { RowParsers } from './rowParsers.js';

/** Canned response rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function cannedResponseRows(rows: RowParsers) {
  const { parseRow } = rows;
  function toCanned(raw: unknown): CannedResponse {
    const row = parseRow(CannedRow, raw, 'canned_responses');
    return {
      id: row.id,
      title: row.title,
      text: row.text,
      lang: row.lang,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }
  return { toCanned };
}

const CannedRow = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  lang: Language,
  updated_at: z.string(),
  updated_by: z.string(),
});

export const TITLE_ORDER = new Intl.Collator('de', { sensitivity: 'base' });

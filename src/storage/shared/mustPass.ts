import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import type { MustPassQuestion, NewMustPassQuestion } from '../../editor/types.js';
import type { RowParsers } from './rowParsers.js';

/** Must-pass question rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function mustPassRows(rows: RowParsers) {
  const { parseRow } = rows;
  function toQuestion(raw: unknown): MustPassQuestion {
    const row = parseRow(MustPassRow, raw, 'must_pass');
    return {
      id: row.id,
      text: row.text,
      lang: row.lang,
      intent: row.intent,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }
  return { toQuestion };
}

/** A new must-pass question as both backends store it: field by field, so extra properties are neither stored nor returned. */
export function newMustPassQuestion(question: NewMustPassQuestion): MustPassQuestion {
  return {
    id: randomUUID(),
    text: question.text,
    lang: question.lang,
    intent: question.intent,
    createdBy: question.createdBy,
    createdAt: new Date().toISOString(),
  };
}

const MustPassRow = z.object({
  id: z.string(),
  text: z.string(),
  lang: Language,
  intent: z.string(),
  created_by: z.string(),
  created_at: z.string(),
});

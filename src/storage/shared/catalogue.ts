import { z } from 'zod';
import { Office, Service } from '../../catalogue/schema.js';
import type { RowParsers } from './rowParsers.js';

/** Catalogue rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function catalogueRows(rows: RowParsers) {
  const { parseJsonColumn, parseRow } = rows;
  function toService(row: unknown): Service {
    const { id, json } = parseRow(DocumentRow, row, 'services');
    return parseJsonColumn(Service, json, `service ${id}`);
  }

  function toOffice(row: unknown): Office {
    const { id, json } = parseRow(DocumentRow, row, 'offices');
    return parseJsonColumn(Office, json, `office ${id}`);
  }
  return { toService, toOffice };
}

const DocumentRow = z.object({ id: z.string(), json: z.string() });

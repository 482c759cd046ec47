import { z } from 'zod';
import { rowParsers } from '../shared/rowParsers.js';

export { CountRow, JsonObject } from '../shared/rowParsers.js';

/** Parsers for rows from `better-sqlite3`; errors start with `sqlite:`. */
export const sqliteRows = rowParsers('sqlite');
export const { parseRow, parseJsonColumn } = sqliteRows;

/** SQLite has no boolean: a flag column holds 0 or 1, normalised here to the boolean the shared row schemas expect. */
export const SqliteFlag = z
  .number()
  .int()
  .transform((value) => value === 1);

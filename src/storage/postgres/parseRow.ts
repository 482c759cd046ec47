import { rowParsers } from '../shared/rowParsers.js';

export { CountRow, JsonObject } from '../shared/rowParsers.js';

/** Parsers for rows from node-postgres; errors start with `postgres:`. */
export const postgresRows = rowParsers('postgres');
export const { parseRow, parseJsonColumn } = postgresRows;

import { z } from 'zod';

/**
 * Row and JSON-column parsing as both backends use it: a mismatch is a bug or a damaged database, so it throws with
 * the backend, the table and the reason.
 */
export interface RowParsers {
  /** The backend's name, which starts every error message. */
  readonly backend: 'sqlite' | 'postgres';
  /** Parses a row from the driver (typed `unknown`: rows are never cast) with `schema`. */
  parseRow<T extends z.ZodType>(schema: T, row: unknown, table: string): z.output<T>;
  /** Parses a JSON column with the domain schema, naming table and row id when the stored document is invalid. */
  parseJsonColumn<T extends z.ZodType>(schema: T, json: string, where: string): z.output<T>;
}

/** The parsers of one backend, whose name (`sqlite`, `postgres`) starts every error message. */
export function rowParsers(backend: 'sqlite' | 'postgres'): RowParsers {
  return {
    backend,
    parseRow(schema, row, table) {
      const result = schema.safeParse(row);
      if (!result.success) throw new Error(`${backend}: unexpected row in ${table}: ${z.prettifyError(result.error)}`);
      return result.data;
    },
    parseJsonColumn(schema, json, where) {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (error) {
        throw new Error(`${backend}: ${where} holds invalid JSON`, { cause: error });
      }
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(`${backend}: ${where} is invalid: ${z.prettifyError(result.error)}`);
      return result.data;
    },
  };
}

/** A JSON object of unknown shape, e.g. a stored Bot Framework activity or bot state. */
export const JsonObject = z.record(z.string(), z.unknown());

/** `count(*)` and the like: an integer (PostgreSQL's bigint arrives as a number through the pool's type parsers). */
export const CountRow = z.object({ count: z.number().int() });

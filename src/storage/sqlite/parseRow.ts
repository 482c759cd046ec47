import { z } from 'zod';

/**
 * Parses a row from `better-sqlite3` (typed `unknown`) with `schema`; a mismatch is a bug or a damaged database, so it
 * throws with the table and the reason.
 */
export function parseRow<T extends z.ZodType>(schema: T, row: unknown, table: string): z.output<T> {
  const result = schema.safeParse(row);
  if (!result.success) throw new Error(`sqlite: unexpected row in ${table}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Parses a JSON column with the domain schema, naming table and row id when the stored document is invalid. */
export function parseJsonColumn<T extends z.ZodType>(schema: T, json: string, where: string): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`sqlite: ${where} holds invalid JSON`, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`sqlite: ${where} is invalid: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** A JSON object of unknown shape, e.g. a stored Bot Framework activity or bot state. */
export const JsonObject = z.record(z.string(), z.unknown());

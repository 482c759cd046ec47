import { z } from 'zod';

/**
 * Parses a row from node-postgres (typed `unknown` here: rows are never cast) with `schema`; a mismatch is a bug or a
 * damaged database, so it throws with the table and the reason.
 */
export function parseRow<T extends z.ZodType>(schema: T, row: unknown, table: string): z.output<T> {
  const result = schema.safeParse(row);
  if (!result.success) throw new Error(`postgres: unexpected row in ${table}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Parses a JSON column with the domain schema, naming table and row id when the stored document is invalid. */
export function parseJsonColumn<T extends z.ZodType>(schema: T, json: string, where: string): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`postgres: ${where} holds invalid JSON`, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`postgres: ${where} is invalid: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** A JSON object of unknown shape, e.g. a stored Bot Framework activity or bot state. */
export const JsonObject = z.record(z.string(), z.unknown());

/** `count(*)` and the like: bigint, which the pool's type parsers hand over as a number. */
export const CountRow = z.object({ count: z.number().int() });

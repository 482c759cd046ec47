import pg, { type CustomTypesConfig } from 'pg';

/** Type OIDs of PostgreSQL's catalogue (`pg_type`), fixed since PostgreSQL 7. */
const INT8 = 20;
const TIMESTAMPTZ = 1184;

/**
 * How the pool reads two types whose default conversion would not give what the repositories promise (the same values
 * as SQLite): `bigint` (identity columns, `count(*)`) as a number instead of a string, and `timestamptz` as the UTC ISO
 * string GovBot stores and compares everywhere (`2026-03-02T09:00:00.000Z`) instead of a `Date`. Per pool, never
 * through `pg.types`, which would change every other user of `pg` in the process.
 */
export function typeParsers(): CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8, 'text', parseSafeInteger);
  types.setTypeParser(TIMESTAMPTZ, 'text', isoOfTimestamptz);
  return types;
}

/** A bigint as a number; one beyond 2^53 would silently lose digits as a number, so it throws. */
export function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`postgres: integer ${text} is too large for JavaScript`);
  return value;
}

/** PostgreSQL's ISO output of a timestamptz: `2026-03-02 09:00:00.12+00`, offsets also `+05:30` or `-03:30:45`. */
const TIMESTAMPTZ_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

/**
 * A timestamptz as PostgreSQL prints it (DateStyle ISO) to an ISO string in UTC with milliseconds, as
 * `Date.prototype.toISOString` writes them. The pool's sessions run in UTC, so the offset is `+00` and the text is
 * only rearranged; any other offset (a DATABASE_URL that sets its own TimeZone) is converted.
 */
export function isoOfTimestamptz(text: string): string {
  const match = TIMESTAMPTZ_TEXT.exec(text);
  if (!match) throw new Error(`postgres: unexpected timestamptz ${JSON.stringify(text)} (is DateStyle ISO?)`);
  const [, day, time, fraction = '', hours = '+00', minutes = '00', seconds = '00'] = match;
  const milliseconds = fraction.padEnd(3, '0').slice(0, 3);
  if (hours === '+00' && minutes === '00' && seconds === '00') return `${day}T${time}.${milliseconds}Z`;
  const sign = hours.startsWith('-') ? -1 : 1;
  const offsetMs = sign * (Math.abs(Number(hours)) * 3_600_000 + Number(minutes) * 60_000 + Number(seconds) * 1_000);
  return new Date(Date.parse(`${day}T${time}.${milliseconds}Z`) - offsetMs).toISOString();
}

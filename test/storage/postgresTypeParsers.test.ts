import { describe, expect, it } from 'vitest';
import { isoOfTimestamptz, parseSafeInteger } from '../../src/storage/postgres/typeParsers.js';

describe('reading PostgreSQL values as the repositories return them', () => {
  it('reads a timestamptz as the UTC ISO string with milliseconds that SQLite stores', () => {
    expect(isoOfTimestamptz('2026-03-02 09:00:00+00')).toBe('2026-03-02T09:00:00.000Z');
    expect(isoOfTimestamptz('2026-03-02 09:00:00.5+00')).toBe('2026-03-02T09:00:00.500Z');
    expect(isoOfTimestamptz('2026-03-02 23:59:59.999+00')).toBe('2026-03-02T23:59:59.999Z');
    // Microseconds (never written by GovBot) are cut to milliseconds, as a Date would.
    expect(isoOfTimestamptz('2026-03-02 09:00:00.123456+00')).toBe('2026-03-02T09:00:00.123Z');
  });

  it('converts other offsets to UTC, in case a session runs in another time zone', () => {
    expect(isoOfTimestamptz('2026-03-03 00:30:00+01')).toBe('2026-03-02T23:30:00.000Z');
    expect(isoOfTimestamptz('2026-03-02 09:00:00.25+05:30')).toBe('2026-03-02T03:30:00.250Z');
    expect(isoOfTimestamptz('2026-03-02 09:00:00-03:30')).toBe('2026-03-02T12:30:00.000Z');
  });

  it('refuses text in another DateStyle instead of guessing', () => {
    expect(() => isoOfTimestamptz('02.03.2026 09:00:00 UTC')).toThrow(/DateStyle/);
    expect(() => isoOfTimestamptz('Mon Mar 02 09:00:00 2026 UTC')).toThrow(/DateStyle/);
  });

  it('reads a bigint as a number, and refuses one a number cannot hold exactly', () => {
    expect(parseSafeInteger('42')).toBe(42);
    expect(parseSafeInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseSafeInteger('9007199254740993')).toThrow(/too large/);
  });
});

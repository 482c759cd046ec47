import jsonata from 'jsonata';
import { calendarDate } from '../nlu/entities/calendarDate.js';
import { wallClock } from '../nlu/entities/wallClock.js';

/**
 * JSONata expressions over a form's answers: conditions (`when`), rules, prefills and computed values. JSONata is a
 * side-effect-free query language for JSON, so a dialog file can compute a fee without being able to run code.
 * Dates are ISO strings ("2026-03-01"); the functions below add the calendar arithmetic forms need.
 */
export class Expression {
  private readonly compiled: jsonata.Expression;

  /** Throws `ExpressionError` when the source does not parse. */
  constructor(readonly source: string) {
    try {
      this.compiled = jsonata(source);
    } catch (error) {
      throw new ExpressionError(source, describe(error));
    }
    registerFunctions(this.compiled);
  }

  /** The names the expression reads at its top level, e.g. `dogs` and `years`; for checking references at load. */
  names(): string[] {
    const names = new Set<string>();
    collectNames(this.compiled.ast(), names);
    return [...names];
  }

  async evaluate(input: Record<string, unknown>, bindings: Record<string, unknown> = {}): Promise<unknown> {
    return this.compiled.evaluate(input, bindings);
  }

  /** True only for `true`; undefined answers (not yet given) make a condition false rather than an error. */
  async test(input: Record<string, unknown>, bindings: Record<string, unknown> = {}): Promise<boolean> {
    return (await this.evaluate(input, bindings)) === true;
  }
}

export class ExpressionError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`invalid expression "${source}": ${reason}`);
    this.name = 'ExpressionError';
  }
}

/** Today's date in the city's time zone, as "YYYY-MM-DD"; `$today()` in expressions. */
export function today(now: Date = new Date(), timeZone = 'Europe/Berlin'): string {
  return calendarDate(wallClock(now, timeZone));
}

/**
 * The date functions yield nothing (undefined, like a missing answer in JSONata) for a missing or malformed date
 * rather than failing, because conditions are evaluated before every answer is given.
 */
function registerFunctions(expression: jsonata.Expression): void {
  expression.registerFunction('today', () => today(), '<:s>');
  expression.registerFunction('addDays', (date: unknown, days: unknown) => shiftOrNothing(date, 0, days), '<x-x-:s>');
  expression.registerFunction(
    'addMonths',
    (date: unknown, months: unknown) => shiftOrNothing(date, months, 0),
    '<x-x-:s>',
  );
  expression.registerFunction(
    'addYears',
    (date: unknown, years: unknown) => (typeof years === 'number' ? shiftOrNothing(date, years * 12, 0) : undefined),
    '<x-x-:s>',
  );
  expression.registerFunction(
    'daysBetween',
    (from: unknown, to: unknown) => (isDate(from) && isDate(to) ? daysBetween(from, to) : undefined),
    '<x-x-:n>',
  );
  expression.registerFunction('yearsSince', (date: unknown) => (isDate(date) ? yearsSince(date) : undefined), '<x-:n>');
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function shiftOrNothing(date: unknown, months: unknown, days: unknown): string | undefined {
  if (!isDate(date) || typeof months !== 'number' || typeof days !== 'number') return undefined;
  return shift(date, months, days);
}

function parseDate(date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a date: "${date}" (expected YYYY-MM-DD)`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** Adds months then days; a month end that does not exist clamps (31 Jan + 1 month = 28/29 Feb). */
function shift(date: string, months: number, days: number): string {
  const start = parseDate(date);
  const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay) + days);
  return target.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`; both inclusive counts are left to the caller (`+ 1`). */
function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / 86_400_000);
}

/** Completed years since a date, e.g. an age from a birth date. */
function yearsSince(date: string): number {
  const then = parseDate(date);
  const now = parseDate(today());
  const years = now.getUTCFullYear() - then.getUTCFullYear();
  const beforeAnniversary =
    now.getUTCMonth() < then.getUTCMonth() ||
    (now.getUTCMonth() === then.getUTCMonth() && now.getUTCDate() < then.getUTCDate());
  return beforeAnniversary ? years - 1 : years;
}

/**
 * Names of answers an expression reads: a bare name, or the first step of a path (`dogs` in `dogs.name`). Later
 * steps and their predicates are properties of that answer, and `$variables` are not answers, so neither counts.
 */
function collectNames(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectNames(child, names);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = Object.fromEntries(Object.entries(node));
  if (record.type === 'name' && typeof record.value === 'string') {
    names.add(record.value);
    return;
  }
  if (record.type === 'path' && Array.isArray(record.steps)) {
    collectNames(record.steps[0], names);
    return;
  }
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'position' && key !== 'type') collectNames(value, names);
  }
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    const position = 'position' in error && typeof error.position === 'number' ? ` at character ${error.position}` : '';
    return `${error.message}${position}`;
  }
  return String(error);
}

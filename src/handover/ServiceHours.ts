import { z } from 'zod';
import { formatOpeningHours } from '../bot/serviceAnswer.js';
import { TEXTS } from '../bot/texts.js';
import { type Language, OpeningSlot, type Weekday } from '../catalogue/schema.js';
import { wallClock } from '../nlu/entities/wallClock.js';
import { addDays, BUNDESLAENDER, germanHolidays, type Holiday, isoDate } from './germanHolidays.js';

const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD')
  .refine((date) => isoDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8))) === date, {
    message: 'not a calendar date',
  });

const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone' },
);

export const Bundesland = z.enum(BUNDESLAENDER);

/** When the service centre is staffed: weekly hours, closed on the state's public holidays and on extra dates. */
export const ServiceHoursConfig = z.object({
  timeZone: TimeZone.default('Europe/Berlin'),
  state: Bundesland,
  weekly: z.array(
    OpeningSlot.refine((slot) => slot.opens < slot.closes, { message: 'a slot must close after it opens' }),
  ),
  /** Extra closing days, e.g. 24.12. and 31.12. */
  closedDates: z.array(CalendarDate).default([]),
  /** Named holidays on top of the state's, e.g. a local one such as the Augsburger Friedensfest. */
  extraHolidays: z
    .array(z.object({ date: CalendarDate, name: z.object({ de: z.string().min(1), en: z.string().min(1) }) }))
    .optional(),
});
export type ServiceHoursConfig = z.infer<typeof ServiceHoursConfig>;
export type ServiceHoursConfigInput = z.input<typeof ServiceHoursConfig>;

/** Indexed by `Date.getUTCDay()`. */
const WEEKDAYS: readonly Weekday[] = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];
/** How many days ahead `nextOpening` looks. */
const LOOKAHEAD_DAYS = 30;
const MINUTE_MS = 60_000;

type Interval = { start: number; end: number };

/**
 * The opening hours of the service centre. All calculations use the wall clock in the configured time zone, so they
 * hold across daylight saving changes and on servers running in UTC.
 */
export class ServiceHours {
  readonly config: ServiceHoursConfig;
  private readonly closed: Set<string>;
  private readonly holidayCache = new Map<number, Map<string, Holiday>>();
  /** Merged opening intervals in minutes since midnight, per weekday. */
  private readonly intervals: Map<Weekday, Interval[]>;

  /** Throws a ZodError when the configuration is invalid. */
  constructor(config: ServiceHoursConfigInput) {
    this.config = ServiceHoursConfig.parse(config);
    this.closed = new Set(this.config.closedDates);
    this.intervals = new Map(WEEKDAYS.map((day) => [day, mergedIntervals(this.config.weekly, day)]));
  }

  /** Whether the centre is open at `at`. Opening times are inclusive, closing times exclusive. */
  isOpen(at: Date): boolean {
    const clock = wallClock(at, this.config.timeZone);
    const date = isoDate(clock.year, clock.month, clock.day);
    if (this.isClosedOn(date)) return false;
    const minute = clock.hour * 60 + clock.minute;
    return this.intervalsOn(date).some((interval) => interval.start <= minute && minute < interval.end);
  }

  /**
   * The next instant at or after `at` at which the centre opens, skipping public holidays and closed dates; undefined
   * when it does not open within 30 days. While the centre is open this is the start of the following opening, not
   * `at`: check `isOpen` first. Touching slots (08:00–12:00 and 12:00–16:00) count as one opening.
   */
  nextOpening(at: Date): Date | undefined {
    const clock = wallClock(at, this.config.timeZone);
    const today = isoDate(clock.year, clock.month, clock.day);
    for (let offset = 0; offset <= LOOKAHEAD_DAYS; offset++) {
      const date = addDays(today, offset);
      if (this.isClosedOn(date)) continue;
      for (const interval of this.intervalsOn(date)) {
        const opens = instantOf(date, interval.start, this.config.timeZone);
        if (opens >= at.getTime()) return new Date(opens);
      }
    }
    return undefined;
  }

  /** The public or extra holiday on the calendar date (in the configured zone) of `at`, if any. */
  holidayOn(at: Date): Holiday | undefined {
    const clock = wallClock(at, this.config.timeZone);
    return this.holidaysOf(clock.year).get(isoDate(clock.year, clock.month, clock.day));
  }

  /** The weekly hours, one line per slot, e.g. "Mo–Fr 08:00–18:00". */
  describe(lang: Language): string[] {
    const texts = TEXTS[lang];
    return this.config.weekly.map((slot) => formatOpeningHours([slot], texts));
  }

  private isClosedOn(date: string): boolean {
    return this.closed.has(date) || this.holidaysOf(Number(date.slice(0, 4))).has(date);
  }

  private intervalsOn(date: string): Interval[] {
    const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'mo';
    return this.intervals.get(weekday) ?? [];
  }

  private holidaysOf(year: number): Map<string, Holiday> {
    let holidays = this.holidayCache.get(year);
    if (!holidays) {
      const extra = (this.config.extraHolidays ?? []).filter((holiday) => holiday.date.startsWith(`${year}-`));
      holidays = new Map([...germanHolidays(year, this.config.state), ...extra].map((h) => [h.date, h]));
      this.holidayCache.set(year, holidays);
    }
    return holidays;
  }
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The slots of one weekday as sorted intervals, overlapping or touching ones merged. */
function mergedIntervals(slots: OpeningSlot[], day: Weekday): Interval[] {
  const sorted = slots
    .filter((slot) => slot.days.includes(day))
    .map((slot) => ({ start: minutesOf(slot.opens), end: minutesOf(slot.closes) }))
    .sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/**
 * The instant (ms since the epoch) at which a clock in `timeZone` shows `minutes` past midnight on `date`. A time that
 * occurs twice (autumn) resolves to the earlier instant; a time skipped in spring to the instant as far after the gap
 * as the time was after its start (02:30 → 03:30), as Temporal's "compatible" disambiguation does.
 */
function instantOf(date: string, minutes: number, timeZone: string): number {
  const local = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  const before = wallClock(new Date(local - 86_400_000), timeZone).offsetMinutes;
  const after = wallClock(new Date(local + 86_400_000), timeZone).offsetMinutes;
  const candidates = [before, after]
    .map((offset) => local - offset * MINUTE_MS)
    .filter((instant) => {
      const clock = wallClock(new Date(instant), timeZone);
      return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute) === local;
    });
  return candidates.length > 0 ? Math.min(...candidates) : local - before * MINUTE_MS;
}

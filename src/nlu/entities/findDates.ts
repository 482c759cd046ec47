import * as chrono from 'chrono-node';
import { addDays, type CalendarDate, calendarDate, compareDates, isRealDate, pad } from './calendarDate.js';
import type { EntityFinder } from './finderContext.js';
import { numericDateParser } from './numericDateParser.js';
import type { EntityOf } from './types.js';
import type { WallClock } from './wallClock.js';

/**
 * Dates and times with chrono ("morgen um 14 Uhr", "nächsten Montag", "in zwei Wochen", "next Friday", "15.3.").
 * Chrono is run without its `forwardDate` option because that compares against the reference's time of day (at
 * 14:00, "22.11." said on 22 November would become next year); instead the calendar date is completed here:
 * - a day and month without a year is the next occurrence, today included;
 * - a weekday alone ("Freitag", "am Mo") is the next such day after today, unless the text says last/this week;
 * - a time alone ("um 10 Uhr") is today if still ahead, else tomorrow.
 * English uses chrono's British parser: in Germany "3/4" is the 3rd of April.
 */
export const findDates: EntityFinder = (text, context) => {
  const reference = { instant: context.referenceDate, timezone: context.now.offsetMinutes };
  const entities: EntityOf<'date'>[] = [];
  for (const result of PARSERS[context.lang].parse(text, reference)) {
    const value = resolveDate(result, context.now);
    if (value === undefined) continue;
    entities.push({ type: 'date', text: result.text, start: result.index, end: result.index + result.text.length, value });
  }
  return entities;
};

const PARSERS = { de: withNumericDates(chrono.de.casual), en: withNumericDates(chrono.en.GB) };

function withNumericDates(base: chrono.Chrono): chrono.Chrono {
  const extended = base.clone();
  extended.parsers.push(numericDateParser);
  return extended;
}

const PAST = /\b(letzt|vorig|vergangen|last|previous|past)/i;
const THIS = /\b(dies|this|heute|today)/i;

function resolveDate(result: chrono.ParsedResult, now: WallClock): EntityOf<'date'>['value'] | undefined {
  const start = result.start;
  // "jetzt" / "now" is the moment of writing, not a date a citizen gives.
  if (result.tags().has('casualReference/now')) return undefined;
  const dayKnown = start.isCertain('day');
  const weekdayKnown = start.isCertain('weekday');
  const timeKnown = start.isCertain('hour');
  // "im März": a month alone is no date to book or prefill.
  if (!dayKnown && !weekdayKnown && !timeKnown) return undefined;
  // A bare "so", "Sa", "sun", "sat" is far more often a word than a weekday.
  if (weekdayKnown && !dayKnown && !timeKnown && /^\p{L}{1,3}$/u.test(result.text)) return undefined;

  const today: CalendarDate = now;
  let date: CalendarDate = {
    year: start.get('year') ?? now.year,
    month: start.get('month') ?? now.month,
    day: start.get('day') ?? now.day,
  };
  const hour = start.get('hour') ?? 0;
  const minute = start.get('minute') ?? 0;
  if (dayKnown && !start.isCertain('year')) {
    date = nextOccurrence(date.month, date.day, today);
  } else if (weekdayKnown && !dayKnown && !PAST.test(result.text)) {
    while (compareDates(date, today) < 0 || (compareDates(date, today) === 0 && !THIS.test(result.text))) {
      date = addDays(date, 7);
    }
  } else if (timeKnown && !dayKnown && !weekdayKnown && hour * 60 + minute < now.hour * 60 + now.minute) {
    date = addDays(date, 1);
  }
  const iso = calendarDate(date);
  return timeKnown ? { date: iso, time: `${pad(hour)}:${pad(minute)}` } : { date: iso };
}

/** The next day with that day and month, today included; 29.2. moves on to the next leap year. */
function nextOccurrence(month: number, day: number, today: CalendarDate): CalendarDate {
  let date = { year: today.year, month, day };
  if (compareDates(date, today) < 0) date = { ...date, year: date.year + 1 };
  for (let years = 0; years < 8 && !isRealDate(date); years++) date = { ...date, year: date.year + 1 };
  return date;
}

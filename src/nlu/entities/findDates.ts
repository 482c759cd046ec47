import * as chrono from 'chrono-node';
import { addDays, type CalendarDate, calendarDate, compareDates, isRealDate, pad } from './calendarDate.js';
import type { EntityFinder } from './finderContext.js';
import { numericDateParser, numericDatesFirst } from './numericDateParser.js';
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
  const parser = PARSERS[context.lang];
  return parser.parse(text, reference).flatMap((parsed): EntityOf<'date'>[] => {
    if (isNoDate(parsed, text)) return [];
    const found = withoutTrailingCount(parsed, parser, reference);
    const value = found && resolveDate(found.result, context.now);
    if (!found || !value) return [];
    const { result, start } = found;
    return [{ type: 'date', text: result.text, start, end: start + result.text.length, value }];
  });
};

/** Chrono matches that mean something else in a citizen's message. */
function isNoDate(result: chrono.ParsedResult, text: string): boolean {
  // "jetzt" / "now" is the moment of writing, not a date a citizen gives ("so, jetzt" is no Sunday either).
  if (result.tags().has('casualReference/now') || /\b(jetzt|now)\b/i.test(result.text)) return true;
  // A match that ends inside a number, or a scale "1:500", is part of something else.
  if (/\d/.test(text.charAt(result.index + result.text.length)) || /\d:\d{3}/.test(result.text)) return true;
  // "für eine Woche", "for ten minutes" are durations.
  if (/^(für|for)\s/i.test(result.text)) return true;
  // "von 20 bis 100": numbers with nothing that makes them a time of day are counts.
  const timeOnly = !result.start.isCertain('day') && !result.start.isCertain('weekday');
  if (timeOnly && !TIME_MARKER.test(result.text)) return true;
  // "Guten Morgen", "jeden Morgen": the noun is the morning, not tomorrow.
  const before = text.slice(0, result.index);
  return /^Morgen\b/.test(result.text) && /\b(guten|am|jeden|diesen|den|einen|schönen|nächsten)\s+$/i.test(before);
}

/**
 * "am Montag 3 Termine", "am 3. Dezember 2 Personen": chrono reads a bare number after a date as its hour or even
 * its year. Without "um", "gegen", "at" … before it, it is a count; the date is parsed again without it.
 */
function withoutTrailingCount(
  result: chrono.ParsedResult,
  parser: chrono.Chrono,
  reference: chrono.ParsingReference,
): { result: chrono.ParsedResult; start: number } | undefined {
  const count = /\s+\d{1,2}$/.exec(result.text);
  const before = result.text.slice(0, count?.index);
  if (!count || /\b(um|gegen|ab|bis|at|by|around|from|until)$/i.test(before)) return { result, start: result.index };
  const [shorter] = parser.parse(before, reference);
  return shorter && { result: shorter, start: result.index + shorter.index };
}

const PARSERS = { de: withNumericDates(chrono.de.casual), en: withNumericDates(chrono.en.GB) };

function withNumericDates(base: chrono.Chrono): chrono.Chrono {
  const extended = base.clone();
  extended.parsers.push(numericDateParser);
  extended.refiners.unshift(numericDatesFirst);
  return extended;
}

const TIME_MARKER =
  /\d[:.]\d\d|uhr|\b(um|am|pm|at|h|o'clock|noon|midnight)\b|mittag|abend|morgen|nacht|früh|morning|evening|night/i;
const PAST = /\b(letzt|vorig|vergangen|last|previous|past)/i;
const THIS = /\b(dies|this|heute|today)/i;

function resolveDate(result: chrono.ParsedResult, now: WallClock): EntityOf<'date'>['value'] | undefined {
  const start = result.start;
  const dayKnown = start.isCertain('day');
  const weekdayKnown = start.isCertain('weekday');
  const timeKnown = start.isCertain('hour');
  // "im März": a month alone is no date to book or prefill.
  if (!dayKnown && !weekdayKnown && !timeKnown) return undefined;
  // A bare "so", "Sa,", "sun", "sat" is far more often a word than a weekday.
  if (weekdayKnown && !dayKnown && !timeKnown && /^\p{L}{1,3}[.,]?$/u.test(result.text)) return undefined;

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

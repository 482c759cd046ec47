/** A calendar date and time of day as read on a clock in one time zone. Months and days count from 1. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** The zone's offset from UTC at that instant, in minutes (Berlin in winter: 60). */
  offsetMinutes: number;
}

/**
 * What a clock in `timeZone` shows at `instant`. Dates are resolved on the citizen's calendar, not the server's: a
 * message sent at 00:30 in Berlin means "heute" is already the next day even on a server running in UTC.
 * Throws a RangeError for an unknown time zone, which is a configuration error.
 */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? Number.NaN);
  const clock = {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
  };
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
  const instantToTheMinute = Math.floor(instant.getTime() / 60_000) * 60_000;
  return { ...clock, offsetMinutes: Math.round((asUtc - instantToTheMinute) / 60_000) };
}

/** Making a formatter costs far more than using one (a tenth of a millisecond), and every turn reads the clock. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    // A handful of zones at most (the configured one, a citizen's); an unknown zone threw above and is not kept.
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

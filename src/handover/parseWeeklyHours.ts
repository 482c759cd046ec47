import type { OpeningSlot, Weekday } from '../catalogue/schema.js';

const DAYS: readonly Weekday[] = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const SLOT = /^([a-z]{2})(?:\s*-\s*([a-z]{2}))?\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/;

/**
 * Weekly hours written as in `GOVBOT_SERVICE_HOURS`: slots separated by ";", each days (a day or a range) and a time
 * range, e.g. `mo-fr 08:00-18:00; sa 09:00-12:00`. Throws with the slot that cannot be read.
 */
export function parseWeeklyHours(text: string): OpeningSlot[] {
  return text
    .split(';')
    .map((slot) => slot.trim().toLowerCase())
    .filter(Boolean)
    .map((slot) => {
      const match = SLOT.exec(slot);
      const first = DAYS.indexOf(match?.[1] as Weekday);
      const last = match?.[2] === undefined ? first : DAYS.indexOf(match[2] as Weekday);
      if (!match || first < 0 || last < first) {
        throw new Error(`"${slot}" is not "<day>[-<day>] HH:MM-HH:MM" with days mo, tu, we, th, fr, sa, su`);
      }
      return { days: DAYS.slice(first, last + 1), opens: match[3] ?? '', closes: match[4] ?? '' };
    });
}

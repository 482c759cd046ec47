import { describe, expect, it } from 'vitest';
import { ServiceHours } from '../../src/handover/ServiceHours.js';

/** Mo–Fr 08:00–18:00 in Saxony, closed on Christmas Eve and New Year's Eve. */
const hours = new ServiceHours({
  state: 'SN',
  weekly: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '18:00' }],
  closedDates: ['2026-12-24', '2026-12-31'],
});

const at = (iso: string) => new Date(iso);

describe('ServiceHours.isOpen', () => {
  it.each([
    // Monday, 23 November 2026 (CET, UTC+1)
    ['2026-11-23T06:59:59Z', false],
    ['2026-11-23T07:00:00Z', true],
    ['2026-11-23T16:59:59Z', true],
    ['2026-11-23T17:00:00Z', false],
    // Saturday
    ['2026-11-21T10:00:00Z', false],
    // Monday, 22 June 2026 (CEST, UTC+2): 08:00 local is 06:00 UTC
    ['2026-06-22T05:59:00Z', false],
    ['2026-06-22T06:00:00Z', true],
    ['2026-06-22T15:59:00Z', true],
    ['2026-06-22T16:00:00Z', false],
  ])('%s → %s', (instant, open) => {
    expect(hours.isOpen(at(instant))).toBe(open);
  });

  it('is closed on a public holiday on a weekday', () => {
    expect(hours.isOpen(at('2026-11-18T10:00:00Z'))).toBe(false); // Buß- und Bettag in Saxony
    expect(hours.isOpen(at('2026-04-03T10:00:00Z'))).toBe(false); // Karfreitag
    expect(hours.holidayOn(at('2026-11-18T10:00:00Z'))?.name.de).toBe('Buß- und Bettag');
  });

  it('is open where the day is not a holiday in the configured state', () => {
    const bavaria = new ServiceHours({ state: 'BY', weekly: hours.config.weekly });
    expect(bavaria.isOpen(at('2026-11-18T10:00:00Z'))).toBe(true);
    expect(bavaria.isOpen(at('2026-06-04T10:00:00Z'))).toBe(false); // Fronleichnam
    expect(hours.isOpen(at('2026-06-04T10:00:00Z'))).toBe(true);
  });

  it('is closed on a closed date', () => {
    expect(hours.isOpen(at('2026-12-31T10:00:00Z'))).toBe(false);
    expect(hours.isOpen(at('2026-12-30T10:00:00Z'))).toBe(true);
  });

  it('uses the calendar date in the configured zone, not in UTC', () => {
    // 23:30 UTC on Thursday 2 April is 01:30 on Karfreitag in Berlin.
    const late = new ServiceHours({
      state: 'SN',
      weekly: [{ days: ['th', 'fr'], opens: '00:00', closes: '23:59' }],
    });
    expect(late.isOpen(at('2026-04-02T21:30:00Z'))).toBe(true);
    expect(late.isOpen(at('2026-04-02T23:30:00Z'))).toBe(false);
  });

  it('is closed on an extra holiday', () => {
    const local = new ServiceHours({
      state: 'BY',
      weekly: hours.config.weekly,
      extraHolidays: [{ date: '2026-08-10', name: { de: 'Stadtfest', en: 'Town festival' } }],
    });
    expect(local.isOpen(at('2026-08-10T10:00:00Z'))).toBe(false);
    expect(local.holidayOn(at('2026-08-10T10:00:00Z'))?.name.en).toBe('Town festival');
  });
});

describe('ServiceHours.nextOpening', () => {
  it('is the same morning before opening and exactly at opening', () => {
    expect(hours.nextOpening(at('2026-11-23T05:00:00Z'))).toEqual(at('2026-11-23T07:00:00Z'));
    expect(hours.nextOpening(at('2026-11-23T07:00:00Z'))).toEqual(at('2026-11-23T07:00:00Z'));
  });

  it('is the next working day while open or after closing', () => {
    expect(hours.nextOpening(at('2026-11-24T10:00:00Z'))).toEqual(at('2026-11-25T07:00:00Z'));
    expect(hours.nextOpening(at('2026-11-24T17:00:00Z'))).toEqual(at('2026-11-25T07:00:00Z'));
  });

  it('skips the weekend', () => {
    expect(hours.nextOpening(at('2026-11-20T17:00:00Z'))).toEqual(at('2026-11-23T07:00:00Z'));
    expect(hours.nextOpening(at('2026-11-22T22:59:00Z'))).toEqual(at('2026-11-23T07:00:00Z'));
  });

  it('skips a holiday on a weekday', () => {
    // Tuesday evening before Buß- und Bettag → Thursday
    expect(hours.nextOpening(at('2026-11-17T18:00:00Z'))).toEqual(at('2026-11-19T07:00:00Z'));
    // Easter: Karfreitag to Ostermontag → Tuesday 7 April, 08:00 CEST
    expect(hours.nextOpening(at('2026-04-02T17:00:00Z'))).toEqual(at('2026-04-07T06:00:00Z'));
  });

  it('skips Christmas and the closed dates', () => {
    // Wednesday 23 December after closing: 24. closed, 25./26. holidays, then the weekend → Monday 28 December
    expect(hours.nextOpening(at('2026-12-23T17:30:00Z'))).toEqual(at('2026-12-28T07:00:00Z'));
    // Wednesday 30 December after closing: 31. closed, 1 January holiday → Monday 4 January 2027
    expect(hours.nextOpening(at('2026-12-30T17:30:00Z'))).toEqual(at('2027-01-04T07:00:00Z'));
  });

  it('gets the offset right over the DST switch weekends', () => {
    // Friday 27 March 2026 after closing (CET) → Monday 30 March 08:00 CEST = 06:00 UTC
    expect(hours.nextOpening(at('2026-03-27T17:00:00Z'))).toEqual(at('2026-03-30T06:00:00Z'));
    // Friday 23 October 2026 after closing (CEST) → Monday 26 October 08:00 CET = 07:00 UTC
    expect(hours.nextOpening(at('2026-10-23T16:00:00Z'))).toEqual(at('2026-10-26T07:00:00Z'));
    expect(hours.isOpen(at('2026-03-30T05:59:00Z'))).toBe(false);
    expect(hours.isOpen(at('2026-03-30T06:00:00Z'))).toBe(true);
    expect(hours.isOpen(at('2026-10-26T06:59:00Z'))).toBe(false);
    expect(hours.isOpen(at('2026-10-26T07:00:00Z'))).toBe(true);
  });

  it('resolves opening times inside the DST switch hour', () => {
    const night = new ServiceHours({ state: 'BE', weekly: [{ days: ['su'], opens: '02:30', closes: '05:00' }] });
    // 29 March: 02:30 does not exist, the clock jumps from 02:00 CET to 03:00 CEST → 03:30 CEST
    expect(night.nextOpening(at('2026-03-28T12:00:00Z'))).toEqual(at('2026-03-29T01:30:00Z'));
    // 25 October: 02:30 happens twice → the first time, 02:30 CEST
    expect(night.nextOpening(at('2026-10-24T12:00:00Z'))).toEqual(at('2026-10-25T00:30:00Z'));
    expect(night.isOpen(at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(night.isOpen(at('2026-10-25T03:59:00Z'))).toBe(true); // 04:59 CET
    expect(night.isOpen(at('2026-10-25T04:00:00Z'))).toBe(false);
  });

  it('treats touching slots as one opening', () => {
    const split = new ServiceHours({
      state: 'SN',
      weekly: [
        { days: ['mo'], opens: '08:00', closes: '12:00' },
        { days: ['mo'], opens: '12:00', closes: '16:00' },
        { days: ['mo'], opens: '17:00', closes: '19:00' },
      ],
    });
    expect(split.nextOpening(at('2026-11-23T09:00:00Z'))).toEqual(at('2026-11-23T16:00:00Z'));
  });

  it('is undefined when the centre does not open within 30 days', () => {
    expect(new ServiceHours({ state: 'SN', weekly: [] }).nextOpening(at('2026-11-23T09:00:00Z'))).toBeUndefined();
    const summerBreak = new ServiceHours({
      state: 'SN',
      weekly: hours.config.weekly,
      closedDates: Array.from({ length: 40 }, (_, day) =>
        new Date(Date.UTC(2026, 6, 1 + day)).toISOString().slice(0, 10),
      ),
    });
    expect(summerBreak.nextOpening(at('2026-06-30T17:00:00Z'))).toBeUndefined();
    expect(summerBreak.nextOpening(at('2026-07-15T17:00:00Z'))).toEqual(at('2026-08-10T06:00:00Z'));
  });
});

describe('ServiceHours.describe', () => {
  const split = new ServiceHours({
    state: 'SN',
    weekly: [
      { days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '12:00' },
      { days: ['mo', 'tu', 'th'], opens: '14:00', closes: '18:00' },
    ],
  });

  it('lists the weekly hours in German and English', () => {
    expect(split.describe('de')).toEqual(['Mo–Fr 08:00–12:00', 'Mo, Di, Do 14:00–18:00']);
    expect(split.describe('en')).toEqual(['Mon–Fri 08:00–12:00', 'Mon, Tue, Thu 14:00–18:00']);
  });
});

describe('ServiceHoursConfig', () => {
  it('defaults to Berlin time and no closed dates', () => {
    expect(hours.config.timeZone).toBe('Europe/Berlin');
    expect(new ServiceHours({ state: 'BE', weekly: [] }).config.closedDates).toEqual([]);
  });

  it.each([
    ['an unknown state', { state: 'XX', weekly: [] }],
    ['an unknown time zone', { state: 'BE', timeZone: 'Europe/Nowhere', weekly: [] }],
    ['a slot closing before it opens', { state: 'BE', weekly: [{ days: ['mo'], opens: '18:00', closes: '08:00' }] }],
    ['an impossible closed date', { state: 'BE', weekly: [], closedDates: ['2026-02-30'] }],
  ])('rejects %s', (_, config) => {
    expect(() => new ServiceHours(config as never)).toThrow();
  });
});

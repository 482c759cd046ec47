import { describe, expect, it } from 'vitest';
import { BUNDESLAENDER, easterSunday, germanHolidays } from '../../src/handover/germanHolidays.js';

const dateOf = (year: number, state: (typeof BUNDESLAENDER)[number], name: string) =>
  germanHolidays(year, state).find((holiday) => holiday.name.de === name)?.date;

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('germanHolidays', () => {
  it('has the nine nationwide holidays in every state, sorted by date', () => {
    for (const state of BUNDESLAENDER) {
      const holidays = germanHolidays(2026, state);
      const names = holidays.map((holiday) => holiday.name.de);
      expect(names).toEqual(
        expect.arrayContaining([
          'Neujahr',
          'Karfreitag',
          'Ostermontag',
          'Tag der Arbeit',
          'Christi Himmelfahrt',
          'Pfingstmontag',
          'Tag der Deutschen Einheit',
          '1. Weihnachtstag',
          '2. Weihnachtstag',
        ]),
      );
      const dates = holidays.map((holiday) => holiday.date);
      expect(dates).toEqual([...dates].sort());
    }
  });

  it('dates the Easter-based holidays of 2026', () => {
    expect(germanHolidays(2026, 'HH')).toEqual([
      { date: '2026-01-01', name: { de: 'Neujahr', en: "New Year's Day" } },
      { date: '2026-04-03', name: { de: 'Karfreitag', en: 'Good Friday' } },
      { date: '2026-04-06', name: { de: 'Ostermontag', en: 'Easter Monday' } },
      { date: '2026-05-01', name: { de: 'Tag der Arbeit', en: 'Labour Day' } },
      { date: '2026-05-14', name: { de: 'Christi Himmelfahrt', en: 'Ascension Day' } },
      { date: '2026-05-25', name: { de: 'Pfingstmontag', en: 'Whit Monday' } },
      { date: '2026-10-03', name: { de: 'Tag der Deutschen Einheit', en: 'German Unity Day' } },
      { date: '2026-10-31', name: { de: 'Reformationstag', en: 'Reformation Day' } },
      { date: '2026-12-25', name: { de: '1. Weihnachtstag', en: 'Christmas Day' } },
      { date: '2026-12-26', name: { de: '2. Weihnachtstag', en: 'Boxing Day' } },
    ]);
  });

  it('has Fronleichnam 2026 on 4 June in Bavaria, but not statewide in Saxony', () => {
    expect(dateOf(2026, 'BY', 'Fronleichnam')).toBe('2026-06-04');
    expect(dateOf(2026, 'SN', 'Fronleichnam')).toBeUndefined();
    expect(dateOf(2026, 'TH', 'Fronleichnam')).toBeUndefined();
  });

  it.each([
    [2026, '2026-11-18'],
    [2024, '2024-11-20'],
    [2025, '2025-11-19'],
    [2028, '2028-11-22'],
  ])('has Buß- und Bettag %i on %s in Saxony only', (year, date) => {
    expect(dateOf(year, 'SN', 'Buß- und Bettag')).toBe(date);
    expect(dateOf(year, 'BY', 'Buß- und Bettag')).toBeUndefined();
  });

  it('has Reformationstag only in the right states', () => {
    const withIt = BUNDESLAENDER.filter((state) => dateOf(2026, state, 'Reformationstag') === '2026-10-31');
    expect(withIt.sort()).toEqual(['BB', 'HB', 'HH', 'MV', 'NI', 'SH', 'SN', 'ST', 'TH']);
    expect(dateOf(2016, 'NI', 'Reformationstag')).toBeUndefined();
    expect(dateOf(2017, 'BY', 'Reformationstag')).toBe('2017-10-31');
  });

  it('has Allerheiligen, Heilige Drei Könige and Mariä Himmelfahrt in the right states', () => {
    const withAllSaints = BUNDESLAENDER.filter((state) => dateOf(2026, state, 'Allerheiligen'));
    expect(withAllSaints.sort()).toEqual(['BW', 'BY', 'NW', 'RP', 'SL']);
    const withEpiphany = BUNDESLAENDER.filter((state) => dateOf(2026, state, 'Heilige Drei Könige'));
    expect(withEpiphany.sort()).toEqual(['BW', 'BY', 'ST']);
    expect(dateOf(2026, 'SL', 'Mariä Himmelfahrt')).toBe('2026-08-15');
    expect(dateOf(2026, 'BY', 'Mariä Himmelfahrt')).toBeUndefined();
  });

  it('has the holidays introduced later only from their first year', () => {
    expect(dateOf(2019, 'BE', 'Internationaler Frauentag')).toBe('2019-03-08');
    expect(dateOf(2018, 'BE', 'Internationaler Frauentag')).toBeUndefined();
    expect(dateOf(2023, 'MV', 'Internationaler Frauentag')).toBe('2023-03-08');
    expect(dateOf(2022, 'MV', 'Internationaler Frauentag')).toBeUndefined();
    expect(dateOf(2019, 'TH', 'Weltkindertag')).toBe('2019-09-20');
    expect(dateOf(2018, 'TH', 'Weltkindertag')).toBeUndefined();
  });

  it('has Easter and Whit Sunday in Brandenburg', () => {
    expect(dateOf(2026, 'BB', 'Ostersonntag')).toBe('2026-04-05');
    expect(dateOf(2026, 'BB', 'Pfingstsonntag')).toBe('2026-05-24');
    expect(dateOf(2026, 'BE', 'Ostersonntag')).toBeUndefined();
  });
});

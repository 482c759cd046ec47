/** The sixteen German states (Bundesländer) by their usual two-letter code. */
export const BUNDESLAENDER = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;
export type Bundesland = (typeof BUNDESLAENDER)[number];

/** A public holiday on a calendar date (`YYYY-MM-DD`), named in German and English. */
export interface Holiday {
  date: string;
  name: { de: string; en: string };
}

const DAY_MS = 86_400_000;

/** A calendar date as `YYYY-MM-DD`; months and days count from 1. */
export function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** The calendar date `days` days after (or before, if negative) `date`, both as `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Easter Sunday of a year in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** Buß- und Bettag: the last Wednesday before 23 November. */
function repentanceDay(year: number): string {
  const nov22 = new Date(Date.UTC(year, 10, 22));
  return addDays(isoDate(year, 11, 22), -((nov22.getUTCDay() - 3 + 7) % 7));
}

type Rule = {
  name: { de: string; en: string };
  date: (year: number, easter: string) => string;
  /** Where the day is a statewide holiday; `'all'` for the nationwide ones. */
  states: 'all' | readonly Bundesland[];
  /** Whether the day is a holiday in that year, for days introduced later or held once. */
  inYear?: (year: number, state: Bundesland) => boolean;
};

const fixed = (month: number, day: number) => (year: number) => isoDate(year, month, day);
const fromEaster = (days: number) => (_year: number, easter: string) => addDays(easter, days);

const RULES: readonly Rule[] = [
  { name: { de: 'Neujahr', en: "New Year's Day" }, date: fixed(1, 1), states: 'all' },
  { name: { de: 'Heilige Drei Könige', en: 'Epiphany' }, date: fixed(1, 6), states: ['BW', 'BY', 'ST'] },
  {
    name: { de: 'Internationaler Frauentag', en: "International Women's Day" },
    date: fixed(3, 8),
    states: ['BE', 'MV'],
    inYear: (year, state) => year >= (state === 'BE' ? 2019 : 2023),
  },
  { name: { de: 'Karfreitag', en: 'Good Friday' }, date: fromEaster(-2), states: 'all' },
  { name: { de: 'Ostersonntag', en: 'Easter Sunday' }, date: fromEaster(0), states: ['BB'] },
  { name: { de: 'Ostermontag', en: 'Easter Monday' }, date: fromEaster(1), states: 'all' },
  { name: { de: 'Tag der Arbeit', en: 'Labour Day' }, date: fixed(5, 1), states: 'all' },
  { name: { de: 'Christi Himmelfahrt', en: 'Ascension Day' }, date: fromEaster(39), states: 'all' },
  { name: { de: 'Pfingstsonntag', en: 'Whit Sunday' }, date: fromEaster(49), states: ['BB'] },
  { name: { de: 'Pfingstmontag', en: 'Whit Monday' }, date: fromEaster(50), states: 'all' },
  {
    name: { de: 'Fronleichnam', en: 'Corpus Christi' },
    date: fromEaster(60),
    states: ['BW', 'BY', 'HE', 'NW', 'RP', 'SL'],
  },
  { name: { de: 'Mariä Himmelfahrt', en: 'Assumption Day' }, date: fixed(8, 15), states: ['SL'] },
  {
    name: { de: 'Weltkindertag', en: "World Children's Day" },
    date: fixed(9, 20),
    states: ['TH'],
    inYear: (year) => year >= 2019,
  },
  { name: { de: 'Tag der Deutschen Einheit', en: 'German Unity Day' }, date: fixed(10, 3), states: 'all' },
  {
    name: { de: 'Reformationstag', en: 'Reformation Day' },
    date: fixed(10, 31),
    // Every state kept it in 2017 (500 years of the Reformation); HB, HH, NI and SH adopted it in 2018.
    states: BUNDESLAENDER,
    inYear: (year, state) =>
      year === 2017 ||
      ['BB', 'MV', 'SN', 'ST', 'TH'].includes(state) ||
      (year >= 2018 && ['HB', 'HH', 'NI', 'SH'].includes(state)),
  },
  { name: { de: 'Allerheiligen', en: "All Saints' Day" }, date: fixed(11, 1), states: ['BW', 'BY', 'NW', 'RP', 'SL'] },
  { name: { de: 'Buß- und Bettag', en: 'Day of Repentance and Prayer' }, date: repentanceDay, states: ['SN'] },
  { name: { de: '1. Weihnachtstag', en: 'Christmas Day' }, date: fixed(12, 25), states: 'all' },
  { name: { de: '2. Weihnachtstag', en: 'Boxing Day' }, date: fixed(12, 26), states: 'all' },
];

/**
 * The statewide public holidays of `year` in `state`, sorted by date. Holidays that only apply in some communities
 * (Fronleichnam in parts of SN and TH, Mariä Himmelfahrt in Catholic communities of BY, Augsburger Friedensfest) are
 * not included; add them to the service hours as extra holidays where they apply.
 */
export function germanHolidays(year: number, state: Bundesland): Holiday[] {
  const easter = easterSunday(year);
  return RULES.filter((rule) => rule.states === 'all' || rule.states.includes(state))
    .filter((rule) => rule.inYear?.(year, state) ?? true)
    .map((rule) => ({ date: rule.date(year, easter), name: { ...rule.name } }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

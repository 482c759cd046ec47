import { describe, expect, it } from 'vitest';
import { recogniseEntities } from '../../../src/nlu/entities/index.js';
import { entitiesIn } from './recognise.js';

// The reference is Sunday, 22 November 2026, 12:00 in Berlin.
describe('dates in German messages', () => {
  it.each([
    ['Ich möchte am 15.3. einen Termin', '15.3.', { date: '2027-03-15' }],
    ['am 15.3. um 10 Uhr', '15.3. um 10 Uhr', { date: '2027-03-15', time: '10:00' }],
    ['Geht am 15.03.2027?', '15.03.2027', { date: '2027-03-15' }],
    ['Geburtsdatum 01.02.85', '01.02.85', { date: '1985-02-01' }],
    ['Montag, 7.12.', 'Montag, 7.12.', { date: '2026-12-07' }],
    ['morgen um 14 Uhr', 'morgen um 14 Uhr', { date: '2026-11-23', time: '14:00' }],
    ['geht auch übermorgen?', 'übermorgen', { date: '2026-11-24' }],
    ['heute noch', 'heute', { date: '2026-11-22' }],
    ['nächsten Montag', 'nächsten Montag', { date: '2026-11-23' }],
    ['in zwei Wochen', 'in zwei Wochen', { date: '2026-12-06' }],
    ['am 3. Dezember um 9:30', 'am 3. Dezember um 9:30', { date: '2026-12-03', time: '09:30' }],
  ])('%s', (text, matched, value) => {
    expect(entitiesIn(text)).toEqual([['date', matched, value]]);
  });

  it('reads a day and month without a year as the next occurrence, today included', () => {
    expect(entitiesIn('am 22.11.')).toEqual([['date', '22.11.', { date: '2026-11-22' }]]);
    expect(entitiesIn('am 21.11.')).toEqual([['date', '21.11.', { date: '2027-11-21' }]]);
    expect(entitiesIn('am 29.2.')).toEqual([['date', '29.2.', { date: '2028-02-29' }]]);
  });

  it('reads a weekday alone as the next such day, and a time alone as the next such time', () => {
    expect(entitiesIn('am Freitag')).toEqual([['date', 'am Freitag', { date: '2026-11-27' }]]);
    expect(entitiesIn('Sonntag')).toEqual([['date', 'Sonntag', { date: '2026-11-29' }]]);
    expect(entitiesIn('letzten Freitag')).toEqual([['date', 'letzten Freitag', { date: '2026-11-20' }]]);
    expect(entitiesIn('um 14 Uhr')).toEqual([['date', 'um 14 Uhr', { date: '2026-11-22', time: '14:00' }]]);
    expect(entitiesIn('um 10 Uhr')).toEqual([['date', 'um 10 Uhr', { date: '2026-11-23', time: '10:00' }]]);
  });

  it('does not take a count after a date for its hour or year', () => {
    expect(entitiesIn('Am Montag 3 Termine')).toEqual([
      ['date', 'Am Montag', { date: '2026-11-23' }],
      ['number', '3', 3],
    ]);
    expect(entitiesIn('am 3. Dezember 2 Personen')).toEqual([
      ['date', 'am 3. Dezember', { date: '2026-12-03' }],
      ['number', '2', 2],
    ]);
  });

  it('finds no date in words that only look like one', () => {
    expect(entitiesIn('So geht das nicht')).toEqual([]);
    expect(entitiesIn('so, jetzt aber')).toEqual([]);
    expect(entitiesIn('Guten Morgen, ich brauche einen Termin')).toEqual([]);
    expect(entitiesIn('Oma kommt für eine Woche')).toEqual([]);
    expect(entitiesIn('von 20 bis 100 Personen')).toEqual([
      ['number', '20', 20],
      ['number', '100', 100],
    ]);
    expect(entitiesIn('Ich möchte jetzt einen Personalausweis beantragen')).toEqual([]);
    expect(entitiesIn('im März')).toEqual([]);
    expect(entitiesIn('am 31.4.').map(([type]) => type)).not.toContain('date');
  });

  it('reads the calendar in Berlin, whatever the server clock says', () => {
    // 23:30 UTC on Sunday is 00:30 on Monday in Berlin.
    const lateSunday = new Date('2026-11-22T23:30:00Z');
    expect(recogniseEntities('heute', { lang: 'de', referenceDate: lateSunday })[0]?.value).toEqual({
      date: '2026-11-23',
    });
    expect(
      recogniseEntities('today', { lang: 'en', referenceDate: lateSunday, timeZone: 'America/New_York' })[0]?.value,
    ).toEqual({ date: '2026-11-22' });
  });
});

describe('dates in English messages', () => {
  it.each([
    ['next Friday', 'next Friday', { date: '2026-11-27' }],
    ['next Monday', 'next Monday', { date: '2026-11-23' }],
    ['today', 'today', { date: '2026-11-22' }],
    ['tomorrow at 2pm', 'tomorrow at 2pm', { date: '2026-11-23', time: '14:00' }],
    ['on 15.3. at 10am', '15.3. at 10am', { date: '2027-03-15', time: '10:00' }],
    ['I could come on 3/4', '3/4', { date: '2027-04-03' }],
    ['in two weeks', 'in two weeks', { date: '2026-12-06' }],
  ])('%s', (text, matched, value) => {
    expect(entitiesIn(text, 'en')).toEqual([['date', matched, value]]);
  });

  it('does not read "sun" or "sat" as weekdays', () => {
    expect(entitiesIn('the sun is shining', 'en')).toEqual([]);
    expect(entitiesIn('I sat down', 'en')).toEqual([]);
  });
});

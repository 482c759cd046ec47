import { describe, expect, it } from 'vitest';
import { recogniseEntities } from '../../../src/nlu/entities/index.js';
import { entitiesIn } from './recognise.js';

describe('addresses', () => {
  it.each([
    ['Hauptstraße 12', { street: 'Hauptstraße', houseNumber: '12' }],
    ['Bahnhofstr. 5', { street: 'Bahnhofstraße', houseNumber: '5' }],
    ['Karl-Marx-Straße 7-9', { street: 'Karl-Marx-Straße', houseNumber: '7-9' }],
    ['Berliner Straße 3 b', { street: 'Berliner Straße', houseNumber: '3b' }],
    ['An der Kirche 4', { street: 'An der Kirche', houseNumber: '4' }],
    [
      'Hauptstraße 12, 12345 Musterstadt',
      { street: 'Hauptstraße', houseNumber: '12', postalCode: '12345', city: 'Musterstadt' },
    ],
    [
      'Am Markt 3a, 12345 Musterstadt',
      { street: 'Am Markt', houseNumber: '3a', postalCode: '12345', city: 'Musterstadt' },
    ],
    [
      'Römerberg-Gasse 1 60311 Frankfurt am Main',
      { street: 'Römerberg-Gasse', houseNumber: '1', postalCode: '60311', city: 'Frankfurt am Main' },
    ],
  ])('%s', (text, value) => {
    expect(entitiesIn(text)).toEqual([['address', text, value]]);
  });

  it('finds the address inside a sentence, without the preposition that says where', () => {
    expect(entitiesIn('Ich wohne in der Hauptstraße 12 in Musterstadt')).toEqual([
      ['address', 'Hauptstraße 12', { street: 'Hauptstraße', houseNumber: '12' }],
    ]);
    expect(entitiesIn('In der Hauptstraße 12 wohne ich')[0]?.[1]).toBe('Hauptstraße 12');
    expect(entitiesIn('I live at hauptstrasse 12', 'en')[0]?.[2]).toEqual({
      street: 'hauptstrasse',
      houseNumber: '12',
    });
  });

  it('keeps the postcode of an address inside the address', () => {
    expect(entitiesIn('Hauptstraße 12, 12345 Musterstadt').map(([type]) => type)).toEqual(['address']);
  });

  it('does not take times or counts for a street', () => {
    expect(entitiesIn('Im Rathaus 2 Stunden gewartet')).toEqual([['number', '2', 2]]);
    expect(entitiesIn('Im Jahr 2020')).toEqual([['number', '2020', 2020]]);
    expect(entitiesIn('Meine Straße 5').map(([type]) => type)).not.toContain('address');
  });
});

describe('districts', () => {
  it('finds a configured district', () => {
    expect(entitiesIn('wohne in Nordstadt')).toEqual([['district', 'Nordstadt', 'Nordstadt']]);
    expect(entitiesIn('Ich wohne in der altstadt')).toEqual([['district', 'altstadt', 'Altstadt']]);
  });

  it('matches whatever the umlauts, hyphens and spaces', () => {
    expect(entitiesIn('im Suedviertel')).toEqual([['district', 'Suedviertel', 'Südviertel']]);
    expect(entitiesIn('im Sudviertel')).toEqual([['district', 'Sudviertel', 'Südviertel']]);
    expect(entitiesIn('im Süd-Viertel')).toEqual([['district', 'Süd-Viertel', 'Südviertel']]);
    expect(entitiesIn('in Neustadt Süd')).toEqual([['district', 'Neustadt Süd', 'Neustadt Süd']]);
  });

  it('finds only whole configured names', () => {
    expect(entitiesIn('Nordstadtbad')).toEqual([]);
    expect(entitiesIn('wohne in Weststadt')).toEqual([]);
    expect(recogniseEntities('wohne in Nordstadt', { lang: 'de' })).toEqual([]);
  });
});

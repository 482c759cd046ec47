import { describe, expect, it } from 'vitest';
import { Entity, recogniseEntities } from '../../../src/nlu/entities/index.js';
import { entitiesIn, MUSTERSTADT_DISTRICTS, SUNDAY_NOON } from './recognise.js';

describe('recogniseEntities', () => {
  it('finds every entity of a long message in order, with offsets into the original text', () => {
    const text =
      'Hallo, ich bin Max (max.mustermann@example.org, Tel. 0170 1234567) aus der Nordstadt, Hauptstraße 12, ' +
      '12345 Musterstadt. Ich möchte am 15.3. um 10 Uhr mein Auto M-XY 99 ummelden und die 25,50 € von ' +
      'DE89 3704 0044 0532 0130 00 zahlen, für zwei Kennzeichen.';
    const entities = recogniseEntities(text, {
      lang: 'de',
      referenceDate: SUNDAY_NOON,
      districts: MUSTERSTADT_DISTRICTS,
    });
    expect(entities.map((entity) => [entity.type, entity.value])).toEqual([
      ['email', 'max.mustermann@example.org'],
      ['phone', '+491701234567'],
      ['district', 'Nordstadt'],
      ['address', { street: 'Hauptstraße', houseNumber: '12', postalCode: '12345', city: 'Musterstadt' }],
      ['date', { date: '2027-03-15', time: '10:00' }],
      ['vehiclePlate', 'M-XY 99'],
      ['amount', { amount: 25.5, currency: 'EUR' }],
      ['iban', 'DE89370400440532013000'],
      ['number', 2],
    ]);
    for (const entity of entities) expect(text.slice(entity.start, entity.end)).toBe(entity.text);
    // The form dialogs keep entities in conversation state, which is parsed with this schema.
    expect(Entity.array().parse(JSON.parse(JSON.stringify(entities)))).toEqual(entities);
  });

  it('gives the digits of an IBAN, a phone number, a date and an address to them and not to numbers', () => {
    const types = (text: string) => entitiesIn(text).map(([type]) => type);
    expect(types('DE89 3704 0044 0532 0130 00')).toEqual(['iban']);
    expect(types('+49 (0)89 233-45141')).toEqual(['phone']);
    expect(types('morgen um 14 Uhr')).toEqual(['date']);
    expect(types('am 15.03.2027')).toEqual(['date']);
    expect(types('Am Markt 3a, 12345 Musterstadt')).toEqual(['address']);
    expect(types('EUR 30')).toEqual(['amount']);
  });

  it('finds nothing in messages without entities', () => {
    expect(entitiesIn('Ich brauche einen neuen Personalausweis')).toEqual([]);
    expect(entitiesIn('Kann ich meinen Wohnsitz online ummelden?')).toEqual([]);
    expect(entitiesIn('Wo ist das Bürgerbüro und wann hat es geöffnet?')).toEqual([]);
    expect(entitiesIn('How do I apply for a passport?', 'en')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { entitiesIn } from './recognise.js';

describe('vehicle plates', () => {
  it.each([
    ['mein Kennzeichen ist M-XY 99', 'M-XY 99', 'M-XY 99'],
    ['M XY 99', 'M XY 99', 'M-XY 99'],
    ['B AB 1234E', 'B AB 1234E', 'B-AB 1234E'],
    ['Oldtimer HH-AB 123 H', 'HH-AB 123 H', 'HH-AB 123H'],
    ['aus Lörrach: LÖ-AB 12', 'LÖ-AB 12', 'LÖ-AB 12'],
  ])('%s', (text, matched, value) => {
    expect(entitiesIn(text)).toEqual([['vehiclePlate', matched, value]]);
  });

  it('needs capitals in free text, so ordinary words are no plate', () => {
    expect(entitiesIn('bis zu 3 Personen')).toEqual([['number', '3', 3]]);
    expect(entitiesIn('m-xy 99').map(([type]) => type)).not.toContain('vehiclePlate');
    expect(entitiesIn('Auszug DIN A4').map(([type]) => type)).not.toContain('vehiclePlate');
  });

  it('rejects plates longer than eight characters or with a leading zero', () => {
    expect(entitiesIn('ABC-DE 1234').map(([type]) => type)).not.toContain('vehiclePlate');
    expect(entitiesIn('M-XY 099').map(([type]) => type)).not.toContain('vehiclePlate');
  });
});

describe('e-mail addresses', () => {
  it('finds the address and lower-cases its domain', () => {
    expect(entitiesIn('meine Mail: max.mustermann@Example.org.')).toEqual([
      ['email', 'max.mustermann@Example.org', 'max.mustermann@example.org'],
    ]);
  });

  it('finds no address without a domain', () => {
    expect(entitiesIn('schreib an max@localhost')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it.each([
    ['Tel. 0170 1234567', '0170 1234567', '+491701234567'],
    ['+49 (0)89 233-45141', '+49 (0)89 233-45141', '+498923345141'],
    ['Ruf an unter 089/233-45141', '089/233-45141', '+498923345141'],
    ['my number is 0049 151 23456789', '0049 151 23456789', '+4915123456789'],
    ['UK: +44 20 7946 0958', '+44 20 7946 0958', '+442079460958'],
  ])('%s', (text, matched, value) => {
    expect(entitiesIn(text)).toEqual([['phone', matched, value]]);
  });

  it('does not take a postcode, a date or other digit runs for a phone number', () => {
    expect(entitiesIn('12345')).toEqual([['postcode', '12345', '12345']]);
    expect(entitiesIn('am 15.03.2027')).toEqual([['date', '15.03.2027', { date: '2027-03-15' }]]);
    expect(entitiesIn('bis 30.000 € Vermögen')).toEqual([['amount', '30.000 €', { amount: 30000, currency: 'EUR' }]]);
    expect(entitiesIn('Verordnung (EU) 2016/1191').map(([type]) => type)).not.toContain('phone');
  });
});

describe('IBANs', () => {
  it('finds a valid IBAN with or without spaces', () => {
    expect(entitiesIn('DE89 3704 0044 0532 0130 00')).toEqual([
      ['iban', 'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ]);
    expect(entitiesIn('IBAN: de89370400440532013000, danke')).toEqual([
      ['iban', 'de89370400440532013000', 'DE89370400440532013000'],
    ]);
  });

  it('reports a wrong digit as an invalid IBAN with a bad checksum, and not as numbers', () => {
    expect(entitiesIn('DE89 3704 0044 0532 0130 01 und fertig')).toEqual([
      ['invalidIban', 'DE89 3704 0044 0532 0130 01', { iban: 'DE89370400440532013001', reason: 'iban_checksum' }],
    ]);
  });

  it('takes no ordinary words for an IBAN', () => {
    expect(entitiesIn('bei BF17 Zustimmung der Eltern')).toEqual([]);
  });

  it('reports a digit too few as a wrong length', () => {
    expect(entitiesIn('DE89 3704 0044 0532 0130 0')).toEqual([
      ['invalidIban', 'DE89 3704 0044 0532 0130 0', { iban: 'DE8937040044053201300', reason: 'iban_length' }],
    ]);
  });
});

describe('postcodes', () => {
  it('finds five digits alone or after "PLZ"', () => {
    expect(entitiesIn('PLZ 80331')).toEqual([['postcode', '80331', '80331']]);
    expect(entitiesIn('12345')).toEqual([['postcode', '12345', '12345']]);
  });

  it('takes neither four or six digits nor a year in a date', () => {
    expect(entitiesIn('2026')).toEqual([['number', '2026', 2026]]);
    expect(entitiesIn('123456')).toEqual([['number', '123456', 123456]]);
    expect(entitiesIn('am 15.3.2026')).toEqual([['date', '15.3.2026', { date: '2026-03-15' }]]);
    expect(entitiesIn('00123')).toEqual([['number', '00123', 123]]);
  });
});

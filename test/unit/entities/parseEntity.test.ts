import { describe, expect, it } from 'vitest';
import { type ParseOptions, parseEntity } from '../../../src/nlu/entities/index.js';
import { MUSTERSTADT_DISTRICTS, SUNDAY_NOON } from './recognise.js';

const de: ParseOptions = { lang: 'de', referenceDate: SUNDAY_NOON, districts: MUSTERSTADT_DISTRICTS };

describe('parseEntity', () => {
  it('reads an answer with words around the entity', () => {
    expect(parseEntity('date', 'am liebsten morgen um 10', de)).toEqual({
      status: 'ok',
      entity: {
        type: 'date',
        text: 'morgen um 10',
        start: 12,
        end: 24,
        value: { date: '2026-11-23', time: '10:00' },
      },
    });
    expect(parseEntity('email', 'Meine Mail: a.b@example.org', de)).toMatchObject({
      status: 'ok',
      entity: { value: 'a.b@example.org' },
    });
  });

  it('reads the answer as the asked type, without competition from others', () => {
    expect(parseEntity('number', '12345', de)).toMatchObject({ status: 'ok', entity: { value: 12345 } });
    expect(parseEntity('postcode', 'Hauptstraße 12, 12345 Musterstadt', de)).toMatchObject({
      status: 'ok',
      entity: { value: '12345' },
    });
  });

  it('reads a plate in lower case when a plate was asked for', () => {
    expect(parseEntity('vehiclePlate', 'm-xy 99', de)).toMatchObject({
      status: 'ok',
      entity: { text: 'm-xy 99', value: 'M-XY 99' },
    });
  });

  it('says why an IBAN is not accepted', () => {
    expect(parseEntity('iban', 'DE89 3704 0044 0532 0130 00', de)).toMatchObject({
      status: 'ok',
      entity: { value: 'DE89370400440532013000' },
    });
    expect(parseEntity('iban', 'DE89 3704 0044 0532 0130 01', de)).toEqual({
      status: 'invalid',
      reason: 'iban_checksum',
    });
    expect(parseEntity('iban', 'DE89 3704 0044 0532 0130 0', de)).toEqual({ status: 'invalid', reason: 'iban_length' });
    expect(parseEntity('iban', 'weiß ich nicht', de)).toEqual({ status: 'invalid', reason: 'not_an_iban' });
  });

  it.each([
    ['date', 'irgendwann', 'not_a_date'],
    ['vehiclePlate', 'MXY99', 'not_a_vehicle_plate'],
    ['email', 'max at example', 'not_an_email'],
    ['phone', '12345', 'not_a_phone_number'],
    ['postcode', '8033', 'not_a_postcode'],
    ['address', 'Musterstadt', 'not_an_address'],
    ['district', 'Weststadt', 'unknown_district'],
    ['number', 'keine Ahnung', 'not_a_number'],
    ['amount', '30', 'not_an_amount'],
  ] as const)('%s: "%s" is %s', (type, text, reason) => {
    expect(parseEntity(type, text, de)).toEqual({ status: 'invalid', reason });
  });

  it('rejects two different values as ambiguous, but not the same one twice', () => {
    expect(parseEntity('date', 'am 15.3. oder am 16.3.', de)).toEqual({ status: 'invalid', reason: 'ambiguous' });
    expect(parseEntity('number', 'drei, also 3', de)).toMatchObject({ status: 'ok', entity: { value: 3 } });
  });

  it('checks a date against today when asked to', () => {
    const future: ParseOptions = { ...de, when: 'future' };
    const past: ParseOptions = { ...de, when: 'past' };
    expect(parseEntity('date', 'gestern', future)).toEqual({ status: 'invalid', reason: 'date_in_past' });
    expect(parseEntity('date', 'heute um 11 Uhr', future)).toEqual({ status: 'invalid', reason: 'date_in_past' });
    expect(parseEntity('date', 'heute um 13 Uhr', future)).toMatchObject({ status: 'ok' });
    expect(parseEntity('date', 'morgen', past)).toEqual({ status: 'invalid', reason: 'date_in_future' });
    expect(parseEntity('date', '01.02.1985', past)).toMatchObject({
      status: 'ok',
      entity: { value: { date: '1985-02-01' } },
    });
  });
});

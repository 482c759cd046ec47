import { describe, expect, it } from 'vitest';
import { entitiesIn } from './recognise.js';

describe('numbers', () => {
  it.each([
    ['drei Hunde', 'drei', 3],
    ['Zwölf Stück', 'Zwölf', 12],
    ['2,5 Stunden', '2,5', 2.5],
    ['2.5 Stunden', '2.5', 2.5],
    ['1.000 Anträge', '1.000', 1000],
    ['1.234.567,89', '1.234.567,89', 1234567.89],
    ['Zimmer 101', '101', 101],
  ])('German: %s', (text, matched, value) => {
    expect(entitiesIn(text)).toEqual([['number', matched, value]]);
  });

  it.each([
    ['I have two dogs', 'two', 2],
    ['2.5 hours', '2.5', 2.5],
    ['1,000 people', '1,000', 1000],
    ['1.000', '1.000', 1],
  ])('English: %s', (text, matched, value) => {
    expect(entitiesIn(text, 'en')).toEqual([['number', matched, value]]);
  });

  it('takes "ein" for the article it mostly is, and digit groups that are no number for nothing', () => {
    expect(entitiesIn('Ich brauche ein Führungszeugnis')).toEqual([]);
    expect(entitiesIn('Version 1.2.3')).toEqual([]);
  });
});

describe('amounts', () => {
  it.each([
    ['Das kostet 25,50 €', '25,50 €', 25.5],
    ['25 €', '25 €', 25],
    ['25,50 Euro', '25,50 Euro', 25.5],
    ['EUR 30', 'EUR 30', 30],
    ['€30', '€30', 30],
    ['Gebühr 25,- €', '25,- €', 25],
    ['Kosten: 1.234,56 EUR', '1.234,56 EUR', 1234.56],
  ])('%s', (text, matched, amount) => {
    expect(entitiesIn(text)).toEqual([['amount', matched, { amount, currency: 'EUR' }]]);
  });

  it('reads an English amount with English separators', () => {
    expect(entitiesIn('it costs €1,250.50', 'en')).toEqual([
      ['amount', '€1,250.50', { amount: 1250.5, currency: 'EUR' }],
    ]);
  });

  it('needs a currency', () => {
    expect(entitiesIn('Ich habe 30 Europaletten')).toEqual([['number', '30', 30]]);
  });
});

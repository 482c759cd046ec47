import { describe, expect, it } from 'vitest';
import { subsetMismatches } from '../../src/conversationTests/subsetMismatches.js';

const stored = {
  dogs: [
    { name: 'Bello', breed: 'Dackel', chipNumber: null },
    { name: 'Rex', breed: 'Pudel', chipNumber: '276098106543210' },
  ],
  owner: { givenName: 'Erika', familyName: 'Mustermann' },
  directDebit: true,
  annualTax: 120,
};

describe('subsetMismatches', () => {
  it('accepts the keys a script names, leaving the others aside, and lists by position', () => {
    expect(
      subsetMismatches(
        stored,
        { dogs: [{ name: 'Bello', chipNumber: null }, { breed: 'Pudel' }], annualTax: 120 },
        'values',
      ),
    ).toEqual([]);
  });

  it('names every path that differs, with what was expected and what is there', () => {
    expect(
      subsetMismatches(
        stored,
        { dogs: [{ name: 'Bello' }, { name: 'Max' }], owner: { givenName: 'Erik', title: 'Dr.' }, directDebit: 'true' },
        'values',
      ),
    ).toEqual([
      'values.dogs[1].name: expected "Max", got "Rex"',
      'values.owner.givenName: expected "Erik", got "Erika"',
      'values.owner.title: expected "Dr.", it is missing',
      'values.directDebit: expected "true", got true',
    ]);
  });

  it('compares the length of lists and the kind of values', () => {
    expect(subsetMismatches(stored, { dogs: [{ name: 'Bello' }] }, 'values')).toEqual([
      expect.stringMatching(/^values\.dogs: expected 1 item\(s\), got 2: \[\{"name":"Bello"/),
    ]);
    expect(subsetMismatches(stored, { owner: ['Erika'], annualTax: { euro: 120 } }, 'values')).toEqual([
      'values.owner: expected a list, got {"givenName":"Erika","familyName":"Mustermann"}',
      'values.annualTax: expected an object, got 120',
    ]);
    expect(subsetMismatches({ chipNumber: undefined }, { chipNumber: null }, 'values')).toEqual([
      'values.chipNumber: expected null, got undefined',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { Corpus } from '../../../src/nlu/corpus.js';
import { IntentModel } from '../../../src/nlu/IntentModel.js';
import {
  checkEntityRegex,
  type EntityDefinitions,
  entityReferences,
  expandUtterance,
  MAX_EXPANSIONS,
  NamedEntityRecogniser,
} from '../../../src/nlu/namedEntities.js';
import { buildTrainingSet } from '../../../src/nlu/trainingSet.js';

const DOKUMENT: EntityDefinitions = {
  dokument: {
    options: {
      Reisepass: ['Reisepass', 'Pass'],
      Personalausweis: ['Personalausweis', 'Perso', 'Ausweis'],
    },
  },
  aktenzeichen: { regex: '/AZ-\\d{4}/i' },
};

describe('named entities: corpus format', () => {
  const base = { name: 'Gespräch', locale: 'de-DE', data: [] };

  it('reads enum and regex entities and leaves corpora without them as they were', () => {
    const parsed = Corpus.parse({ ...base, entities: DOKUMENT });
    expect(parsed.entities).toEqual(DOKUMENT);
    expect('entities' in Corpus.parse(base)).toBe(false);
  });

  it('refuses bad names, broken and dangerous patterns, and unknown keys', () => {
    const fails = (entities: unknown) => !Corpus.safeParse({ ...base, entities }).success;
    expect(fails({ '1dokument': { options: { a: [] } } })).toBe(true);
    expect(fails({ 'doku ment': { options: { a: [] } } })).toBe(true);
    expect(fails({ az: { regex: '(' } })).toBe(true);
    expect(fails({ az: { regex: '(a+)+$' } })).toBe(true);
    expect(fails({ az: { regex: '/a/m' } })).toBe(true);
    expect(fails({ az: { regex: 'a*' } })).toBe(true);
    expect(fails({ az: { regex: 'a', options: {} } })).toBe(true);
    expect(fails({ 'doku-ment_2': { options: { a: ['b'] } }, az: { regex: '/AZ-\\d+/gi' } })).toBe(false);
    expect(checkEntityRegex('\\d{5}').ok).toBe(true);
  });
});

describe('named entities: expansion for training', () => {
  it('expands "@dokument" into one utterance per option, with its first synonym', () => {
    expect(expandUtterance('Ich brauche einen neuen @dokument', DOKUMENT)).toEqual([
      'Ich brauche einen neuen Reisepass',
      'Ich brauche einen neuen Personalausweis',
    ]);
  });

  it('uses the value when an option has no synonyms, and combines several entities', () => {
    const entities: EntityDefinitions = { ...DOKUMENT, farbe: { options: { rot: [], blau: [] } } };
    expect(expandUtterance('@dokument in @farbe?', entities)).toEqual([
      'Reisepass in rot?',
      'Personalausweis in rot?',
      'Reisepass in blau?',
      'Personalausweis in blau?',
    ]);
  });

  it('leaves regex entities, unknown names and e-mail addresses as they are', () => {
    expect(expandUtterance('Stand von @aktenzeichen', DOKUMENT)).toEqual(['Stand von @aktenzeichen']);
    expect(expandUtterance('Schreiben Sie an info@dokument.de', DOKUMENT)).toEqual([
      'Schreiben Sie an info@dokument.de',
    ]);
    expect(expandUtterance('@unbekannt bitte', DOKUMENT)).toEqual(['@unbekannt bitte']);
    expect(entityReferences('@dokument und @aktenzeichen, mail@dokument.de')).toEqual(['dokument', 'aktenzeichen']);
  });

  it(`caps the variants of one utterance at ${MAX_EXPANSIONS}, every option still trained`, () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`wert${i}`, []]));
    const entities: EntityDefinitions = { a: { options: many(10) }, b: { options: many(10) } };
    const variants = expandUtterance('@a und @b', entities);
    expect(variants).toHaveLength(10);
    expect(variants[3]).toBe('wert3 und wert3');
    expect(expandUtterance('@a', { a: { options: many(50) } })).toHaveLength(MAX_EXPANSIONS);
  });

  it('trains the expanded utterances and keeps the definitions per language', () => {
    const corpus = Corpus.parse({
      name: 'Gespräch',
      locale: 'de-DE',
      entities: DOKUMENT,
      data: [{ intent: 'neu', utterances: ['Ich brauche einen neuen @dokument'], answers: ['Gern.'] }],
    });
    const set = buildTrainingSet([corpus], []);
    expect(set.examples.de.map((example) => example.utterance)).toEqual([
      'Ich brauche einen neuen Reisepass',
      'Ich brauche einen neuen Personalausweis',
    ]);
    expect(set.entities?.de).toEqual(DOKUMENT);
    expect(set.entities?.en).toEqual({});
  });
});

describe('named entities: recognition', () => {
  const recogniser = new NamedEntityRecogniser(DOKUMENT);

  it('finds synonyms as whole words, folding case, longest first, with offsets into the text', () => {
    const text = 'Mein PERSO ist weg, der Reisepass auch';
    expect(recogniser.recognise(text)).toEqual([
      { name: 'dokument', value: 'Personalausweis', text: 'PERSO', start: 5, end: 10 },
      { name: 'dokument', value: 'Reisepass', text: 'Reisepass', start: 24, end: 33 },
    ]);
    // "Pass" inside "Reisepass" and "Perso" inside "Personalausweis" are not separate matches.
    expect(recogniser.recognise('Personalausweis').map((match) => match.value)).toEqual(['Personalausweis']);
    expect(recogniser.recognise('Passwort vergessen')).toEqual([]);
  });

  it('folds umlauts and ß as the featurizer does, and keeps offsets of the original text', () => {
    const entities: EntityDefinitions = { strasse: { options: { Hauptstraße: ['Hauptstrasse', 'Haupt str'] } } };
    const found = new NamedEntityRecogniser(entities).recognise('In der Hauptstraße und Haupt  Str.');
    expect(found.map(({ text, start, end }) => ({ text, start, end }))).toEqual([
      { text: 'Hauptstraße', start: 7, end: 18 },
      { text: 'Haupt  Str', start: 23, end: 33 },
    ]);
    const umlaut = new NamedEntityRecogniser({ amt: { options: { Bürgeramt: ['Buergeramt'] } } });
    expect(umlaut.recognise('Ist das Bürgeramt offen?')).toMatchObject([{ value: 'Bürgeramt', text: 'Bürgeramt' }]);
  });

  it('finds regex entities', () => {
    expect(recogniser.recognise('Stand von az-2024 und AZ-1999?')).toEqual([
      { name: 'aktenzeichen', value: 'az-2024', text: 'az-2024', start: 10, end: 17 },
      { name: 'aktenzeichen', value: 'AZ-1999', text: 'AZ-1999', start: 22, end: 29 },
    ]);
  });

  it('is part of the model, serialised with it; models stored without entities still load', () => {
    const corpus = Corpus.parse({
      name: 'Gespräch',
      locale: 'de-DE',
      entities: DOKUMENT,
      data: [
        { intent: 'neu', utterances: ['Ich brauche einen neuen @dokument'], answers: ['Gern.'] },
        { intent: 'hallo', utterances: ['Hallo', 'Guten Tag'], answers: ['Hallo!'] },
      ],
    });
    const model = IntentModel.train(buildTrainingSet([corpus], []), 'test');
    const loaded = IntentModel.fromJSON(model.toJSON());
    expect(loaded.recogniseNamedEntities('Ich brauche einen Ausweis', 'de')).toEqual([
      { name: 'dokument', value: 'Personalausweis', text: 'Ausweis', start: 18, end: 25 },
    ]);
    expect(loaded.recogniseNamedEntities('Ich brauche einen Ausweis', 'en')).toEqual([]);
    const old = JSON.parse(model.toJSON());
    delete old.entities;
    const legacy = IntentModel.fromJSON(JSON.stringify(old));
    expect(legacy.recogniseNamedEntities('Ausweis', 'de')).toEqual([]);
    expect(legacy.classifier('de').classify('Hallo').classifications[0]?.intent).toBe('hallo');
  });
});

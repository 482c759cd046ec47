import { describe, expect, it } from 'vitest';
import { CompoundSplitter } from '../../../src/nlu/compoundSplitter.js';
import { detectAspect, refersBack, withoutAspectWords } from '../../../src/nlu/detectAspect.js';
import { detectLanguage } from '../../../src/nlu/detectLanguage.js';
import { clauses, normaliseText, tokenize } from '../../../src/nlu/normaliseText.js';
import { TextFeaturizer } from '../../../src/nlu/TextFeaturizer.js';
import { TypoCorrector } from '../../../src/nlu/TypoCorrector.js';

const de = TextFeaturizer.fromTexts('de', [
  'Bewohnerparkausweis beantragen',
  'Personalausweis beantragen',
  'Hund anmelden',
  'Kirchenaustritt',
  'Kirche',
  'Bürgerbüro Termin',
]);
const keys = (features: Record<string, number>) => Object.keys(features).sort();

describe('German text features', () => {
  it('treats umlauts and their ae/oe/ue/ss spellings alike', () => {
    expect(de.queryFeatures('Buergerbuero')).toEqual(de.queryFeatures('Bürgerbüro'));
    expect(de.queryFeatures('STRASSE')).toEqual(de.queryFeatures('Straße'));
  });

  it('splits compounds so that the parts meet the whole word', () => {
    const compound = keys(de.queryFeatures('Anwohnerparkausweis'));
    const parts = keys(de.queryFeatures('Parkausweis für Anwohner'));
    expect(compound).toEqual(expect.arrayContaining(['park', 'ausweis']));
    expect(parts).toEqual(expect.arrayContaining(['park', 'ausweis']));
  });

  it('splits a compound of which only one end is known, at the linking element', () => {
    expect(new CompoundSplitter(['kirche']).split('kirchenaustritt')).toEqual(['kirche', 'austritt']);
    expect(new CompoundSplitter(['ausweis']).split('dienstausweis')).toEqual(['dienst', 'ausweis']);
    expect(new CompoundSplitter(['hund']).split('hunde')).toEqual([]);
  });

  it('joins separable verbs again where the training texts know the joined word', () => {
    const has = (text: string, stem: string) => Object.keys(de.queryFeatures(text)).includes(stem);
    // The particle at the end of the clause, the verb first or second in it.
    expect(has('Wie melde ich meinen Hund an?', 'anmeld')).toBe(true);
    expect(has('Ich melde meinen Hund an, und was kostet das?', 'anmeld')).toBe(true);
    // "zu" and "ge" between particle and verb.
    expect(has('Was brauche ich, um meinen Hund anzumelden?', 'anmeld')).toBe(true);
    expect(has('Mein Hund ist schon angemeldet', 'anmeld')).toBe(true);
    // A strong verb meets its noun: "trete … aus" is "Austritt", known as a part of "Kirchenaustritt".
    expect(has('Wie trete ich aus der Kirche aus?', 'austritt')).toBe(true);
  });

  it('splits text into clauses at punctuation, dashes and conjunctions, keeping every token', () => {
    const text = normaliseText('Ich ziehe um – wie melde ich mich an, und was kostet es? Danke (wirklich)!');
    expect(clauses(text)).toEqual([
      ['ich', 'ziehe', 'um'],
      ['wie', 'melde', 'ich', 'mich', 'an'],
      ['und', 'was', 'kostet', 'es'],
      ['danke'],
      ['wirklich'],
    ]);
    expect(clauses(text).flat()).toEqual(tokenize(text));
  });

  it('joins nothing where the particle does not end the clause, or the joined word is unknown', () => {
    const joined = (text: string) => keys(de.queryFeatures(text)).filter((stem) => /^(an|ab|aus|um)/.test(stem));
    expect(joined('Ich melde mich an der Uni')).toEqual(['an']);
    expect(joined('Wie melde ich mich ab?')).toEqual(['ab']);
    expect(joined('Ich melde meinen Hund an. Ab wann zahle ich?')).toEqual(['ab', 'an', 'anmeld']);
  });

  it('corrects typos against the training vocabulary', () => {
    expect(de.queryFeatures('Personalausweiss beantargen')).toEqual(de.queryFeatures('Personalausweis beantragen'));
    expect(new TypoCorrector(['bewohnerparkausweis']).correct('bewohnerpakrausweis')).toBe('bewohnerparkausweis');
    expect(new TypoCorrector(['hund']).correct('katze')).toBeUndefined();
    expect(new TypoCorrector(['hund']).correct('hnud')).toBe('hund');
  });

  it('gives colloquial words the features of the administrative word, in any inflection', () => {
    expect(keys(de.queryFeatures('Welpen'))).toContain('hund');
    expect(keys(de.queryFeatures('mein Perso'))).toContain('personalausweis');
    expect(keys(de.queryFeatures('Anwohner'))).toContain('bewohn');
    expect(keys(de.trainingFeatures('Welpe'))).toContain('hund');
  });

  it('keeps function words at three quarters of a content word, in German and in English', () => {
    const german = de.queryFeatures('Wie bekomme ich einen Personalausweis?');
    expect(german.ich).toBe(0.75);
    expect(german.personalausweis).toBe(1);
    const en = TextFeaturizer.fromTexts('en', ['apply for an identity card']).queryFeatures('How do I get an ID card?');
    expect(en).toMatchObject({ how: 0.75, do: 0.75, i: 0.75, an: 0.75, get: 1, card: 1 });
  });
});

describe('aspects of follow-up questions', () => {
  it.each([
    ['Was kostet das?', 'de', 'costs'],
    ['Welche Unterlagen brauche ich?', 'de', 'documents'],
    ['Wo ist das?', 'de', 'office'],
    ['Wann hat das Amt geöffnet?', 'de', 'openingHours'],
    ['Geht das auch online?', 'de', 'online'],
    ['Wie lange dauert das?', 'de', 'processingTime'],
    ['How much does it cost?', 'en', 'costs'],
    ['What documents do I need?', 'en', 'documents'],
    ['Where do I go?', 'en', 'office'],
  ] as const)('%s → %s', (text, lang, aspect) => {
    expect(detectAspect(text, lang)).toBe(aspect);
  });

  it('finds no aspect in a plain service question, and sees references back', () => {
    expect(detectAspect('Personalausweis beantragen', 'de')).toBeUndefined();
    expect(refersBack('Und für einen Reisepass?', 'de')).toBe(true);
    expect(refersBack('Reisepass beantragen', 'de')).toBe(false);
  });

  it('leaves out every word that asks for a part, so that what is left names the service', () => {
    expect(withoutAspectWords('Welche Unterlagen brauche ich für die Ummeldung?', 'de')).toBe(
      'welche brauche ich fuer die ummeldung',
    );
    expect(withoutAspectWords('Wie lange dauert es und was kostet der Reisepass?', 'de')).toBe(
      'es und was der reisepass',
    );
    expect(withoutAspectWords('How much does a passport cost?', 'en')).toBe('does a passport');
    expect(withoutAspectWords('Kosten, Gebühren, Preise?', 'de')).toBe('');
    expect(withoutAspectWords('Personalausweis beantragen', 'de')).toBeUndefined();
  });
});

describe('language per message', () => {
  it.each([
    ['Wie beantrage ich einen Reisepass?', 'de'],
    ['How do I apply for a passport?', 'en'],
    ['Führerschein', 'de'],
    ['I need a new ID card', 'en'],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLanguage(text, lang === 'de' ? 'en' : 'de')).toBe(lang);
  });

  it('falls back to the interface language when a message has no clue', () => {
    expect(detectLanguage('Reisepass', 'en')).toBe('en');
    expect(detectLanguage('Reisepass', 'de')).toBe('de');
  });
});

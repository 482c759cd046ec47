import { describe, expect, it } from 'vitest';
import { correctedValueText, formCommandOf, isCorrection } from '../../../src/dialogs/commands.js';
import { parseAnswer } from '../../../src/dialogs/fields/parseAnswer.js';
import { containsWords, parseChoice } from '../../../src/dialogs/fields/parseChoice.js';
import { parsePersonName } from '../../../src/dialogs/fields/parsePersonName.js';
import { parseYesNo } from '../../../src/dialogs/fields/parseYesNo.js';
import { SimpleField } from '../../../src/dialogs/schema.js';
import { wantsToApply } from '../../../src/dialogs/wantsToApply.js';

const field = (definition: Record<string, unknown>) =>
  SimpleField.parse({ id: 'x', label: { de: 'X' }, prompt: { de: 'X?' }, ...definition });
const de = { lang: 'de' as const, now: new Date('2026-11-22T10:00:00Z') };

describe('answers to form fields', () => {
  it('reads yes and no in the words citizens use', () => {
    for (const text of ['Ja', 'ja, bitte', 'Jawohl', 'klar', 'yes', 'Sure']) expect(parseYesNo(text), text).toBe(true);
    for (const text of ['Nein', 'nee', 'Nö', 'nein danke', 'habe ich nicht', 'keinen', 'no']) {
      expect(parseYesNo(text), text).toBe(false);
    }
    expect(parseYesNo('ja nein')).toBeUndefined();
    // Not knowing is no "no", though the words say "keine" and "nicht".
    expect(parseYesNo('keine Ahnung')).toBeUndefined();
    expect(parseYesNo('weiß nicht genau')).toBeUndefined();
    expect(parseYesNo('eigentlich schon')).toBe(true);
    expect(parseYesNo('vielleicht')).toBeUndefined();
  });

  it('picks options by label, value or synonym, and says when two are named', () => {
    const options = [
      {
        value: 'birth',
        label: { de: 'Geburtsurkunde', en: 'Birth certificate' },
        synonyms: { de: ['Geburt'], en: [] },
      },
      { value: 'marriage', label: { de: 'Eheurkunde', en: 'Marriage certificate' } },
    ];
    expect(parseChoice(options, 'Geburtsurkunde')).toEqual({ status: 'ok', value: 'birth' });
    expect(parseChoice(options, 'die eheurkunde bitte')).toEqual({ status: 'ok', value: 'marriage' });
    expect(parseChoice(options, 'Geburt')).toEqual({ status: 'ok', value: 'birth' });
    expect(parseChoice(options, 'marriage certificate')).toEqual({ status: 'ok', value: 'marriage' });
    expect(parseChoice(options, 'Geburtsurkunde und Eheurkunde')).toMatchObject({ reason: 'ambiguous' });
    expect(parseChoice(options, 'Sterbeurkunde')).toMatchObject({ reason: 'unknown_option' });
  });

  it('reads full names in the usual orders and rejects what is no name', () => {
    expect(parsePersonName('Erika Mustermann')).toEqual({ givenName: 'Erika', familyName: 'Mustermann' });
    expect(parsePersonName('Mustermann, Erika')).toEqual({ givenName: 'Erika', familyName: 'Mustermann' });
    expect(parsePersonName('Ich heiße Anna-Lena von der Heide')).toEqual({
      givenName: 'Anna-Lena',
      familyName: 'von der Heide',
    });
    expect(parsePersonName('erika mustermann')).toEqual({ givenName: 'Erika', familyName: 'Mustermann' });
    expect(parsePersonName('Erika')).toBeUndefined();
    expect(parsePersonName('keine ahnung')).toBeUndefined();
    expect(parsePersonName('mein Bruder')).toBeUndefined();
    expect(parsePersonName('das Konto gehört meinem Mann')).toBeUndefined();
    expect(parsePersonName('M-XY 99')).toBeUndefined();
  });

  it('checks typed answers and says why one is unusable', () => {
    expect(parseAnswer(field({ type: 'vehiclePlate' }), 'm xy 99', de)).toEqual({ status: 'ok', value: 'M-XY 99' });
    expect(parseAnswer(field({ type: 'iban' }), 'DE89 3704 0044 0532 0130 01', de)).toMatchObject({
      reason: 'iban_checksum',
    });
    expect(parseAnswer(field({ type: 'date', allow: 'future' }), 'gestern', de)).toMatchObject({
      reason: 'date_in_past',
    });
    expect(parseAnswer(field({ type: 'date' }), 'am 3. März 2025', de)).toEqual({ status: 'ok', value: '2025-03-03' });
    expect(parseAnswer(field({ type: 'number', min: 1, max: 10, integer: true }), '12', de)).toMatchObject({
      reason: 'too_large',
    });
    expect(parseAnswer(field({ type: 'number', integer: true }), 'zwei', de)).toEqual({ status: 'ok', value: 2 });
    expect(parseAnswer(field({ type: 'number', integer: true }), 'keine', de)).toEqual({ status: 'ok', value: 0 });
    expect(parseAnswer(field({ type: 'number', min: 0 }), '-5', de)).toMatchObject({ reason: 'too_small' });
    expect(parseAnswer(field({ type: 'amount' }), '35.000 €', de)).toEqual({ status: 'ok', value: 35000 });
    expect(parseAnswer(field({ type: 'text', pattern: '\\d{8}' }), '1234 5678', de)).toEqual({
      status: 'ok',
      value: '12345678',
    });
    expect(parseAnswer(field({ type: 'text', pattern: '\\d{8}' }), '1234', de)).toMatchObject({ reason: 'pattern' });
    expect(parseAnswer(field({ type: 'text' }), 'Er heißt Bello', de)).toEqual({ status: 'ok', value: 'Bello' });
    expect(parseAnswer(field({ type: 'address' }), 'Hauptstraße 5, 12345 Musterstadt', de)).toEqual({
      status: 'ok',
      value: { street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Musterstadt' },
    });
    expect(parseAnswer(field({ type: 'file' }), 'hier ist die Datei', de)).toMatchObject({ reason: 'file_expected' });
  });
});

describe('steering words in a form', () => {
  it('knows commands only as whole short messages', () => {
    expect(formCommandOf('Abbrechen')).toBe('cancel');
    expect(formCommandOf('ich möchte abbrechen')).toBe('cancel');
    expect(formCommandOf('zurück')).toBe('back');
    expect(formCommandOf('Überspringen')).toBe('skip');
    expect(formCommandOf('cancel')).toBe('cancel');
    expect(formCommandOf('Ich wohne in der Zurückstraße 3')).toBeUndefined();
  });

  it('finds corrections and the new value in them', () => {
    expect(isCorrection('das Kennzeichen ist falsch, es ist M-XY 99')).toBe(true);
    expect(correctedValueText('das Kennzeichen ist falsch, es ist M-XY 99')).toBe('M-XY 99');
    expect(correctedValueText('Der Name des Hundes ist falsch, er heißt Rex')).toBe('Rex');
    expect(correctedValueText('die Rasse stimmt nicht: Pudel')).toBe('Pudel');
    expect(correctedValueText('das Kennzeichen ist falsch')).toBeUndefined();
    expect(isCorrection('Labrador')).toBe(false);
    expect(isCorrection('nicht auf dem Parkstreifen, sondern auf dem Gehweg')).toBe(true);
    expect(correctedValueText('Die Rasse ist falsch, es ist ein Pudel')).toBe('Pudel');
  });

  it('tells a wish to apply now from a question about how it works', () => {
    expect(wantsToApply('Ich möchte meinen Hund Bello anmelden', 'de')).toBe(true);
    expect(wantsToApply('Bewohnerparkausweis beantragen', 'de')).toBe(true);
    expect(wantsToApply("I'd like to register my dog", 'en')).toBe(true);
    expect(wantsToApply('Ich brauche ein Halteverbot für meinen Umzug', 'de')).toBe(true);
    expect(wantsToApply('Brauche ich dafür einen Termin?', 'de')).toBe(false);
    expect(wantsToApply('Wie melde ich meinen Hund an?', 'de')).toBe(false);
    expect(wantsToApply('Was kostet ein Bewohnerparkausweis', 'de')).toBe(false);
    expect(wantsToApply('how do I register my dog', 'en')).toBe(false);
  });
});

describe('containsWords', () => {
  it('finds a phrase only as whole words, at the start, the end, between punctuation and beside any letters', () => {
    expect(containsWords('geburtsurkunde bitte', 'geburtsurkunde')).toBe(true);
    expect(containsWords('bitte geburtsurkunde', 'geburtsurkunde')).toBe(true);
    expect(containsWords('die geburtsurkunde, bitte', 'geburtsurkunde')).toBe(true);
    expect(containsWords('geburtsurkunde', 'ehe')).toBe(false);
    expect(containsWords('eheurkunde ehe', 'ehe')).toBe(true);
    expect(containsWords('ehe2', 'ehe')).toBe(false);
    expect(containsWords('größe', 'öße')).toBe(false);
    // Letters beyond the Basic Multilingual Plane (a surrogate pair in UTF-16) count as letters too.
    expect(containsWords('𝐀ehe', 'ehe')).toBe(false);
    expect(containsWords('ehe𝐀', 'ehe')).toBe(false);
    expect(containsWords('😀 ehe', 'ehe')).toBe(true);
    expect(containsWords('x', 'x')).toBe(false);
  });
});

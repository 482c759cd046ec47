import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../../src/nlu/evaluation/crossValidate.js';
import { EvalReport } from '../../../src/nlu/evaluation/evalReport.js';
import type { TrainingSet } from '../../../src/nlu/trainingSet.js';

const utterances: Record<string, string[]> = {
  greeting: ['hallo', 'guten tag', 'hallo zusammen', 'guten morgen', 'hi', 'servus'],
  goodbye: ['tschüss', 'auf wiedersehen', 'bis bald', 'ciao', 'tschüss und danke', 'bis später'],
  help: ['hilfe', 'was kannst du', 'wie funktioniert das', 'ich brauche hilfe', 'hilf mir', 'was kann ich fragen'],
  None: [
    'wie wird das wetter',
    'erzähl einen witz',
    'spiel musik',
    'wer gewinnt das spiel',
    'wie alt bist du',
    'pizza',
  ],
  lonely: ['nur ein beispiel'],
};

const set: TrainingSet = {
  examples: {
    de: Object.entries(utterances).flatMap(([intent, list]) => list.map((utterance) => ({ intent, utterance }))),
    en: [],
  },
  answers: { de: {}, en: {} },
};

describe('crossValidate', () => {
  const report = crossValidate(set, [], { folds: 3, seed: 5, languages: ['de'] });

  it('tests every example but those of an intent no fold could learn', () => {
    expect(EvalReport.parse(report)).toEqual(report);
    expect(report.examples).toBe(25);
    expect(report.untestable).toEqual([{ lang: 'de', intent: 'lonely', examples: 1 }]);
    expect(report.overall.examples).toBe(24);
    expect(report.overall.perIntent.find((m) => m.intent === 'greeting')?.support).toBe(6);
    expect(report.byLanguage.map((l) => l.lang)).toEqual(['de']);
  });

  it('gives the same report for the same seed', () => {
    expect(crossValidate(set, [], { folds: 3, seed: 5, languages: ['de'] })).toEqual(report);
  });

  it('calls back once per fold', () => {
    const folds: number[] = [];
    crossValidate(set, [], { folds: 2, seed: 5, languages: ['de'], onFold: (fold) => folds.push(fold) });
    expect(folds).toEqual([1, 2]);
  });
});

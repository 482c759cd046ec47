import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/catalogue/schema.js';
import { IntentModel } from '../../../src/nlu/IntentModel.js';
import { buildTrainingSet } from '../../../src/nlu/trainingSet.js';

const QUESTIONS = [
  'Ich möchte meinen Hund anmelden',
  'Was kostet ein Bewohnerparkausweiss?',
  'Wo beantrage ich einen Personalausweiss',
  'I want to register my dog',
  'Wie wird das Wetter morgen?',
];

/** A classification with its content words' second opinion and its terms worked out, so that two can be compared. */
function outcome(model: IntentModel, lang: Language, question: string) {
  const result = model.classifier(lang).classify(question);
  return { ...result, contentClassifications: result.contentClassifications(), terms: result.terms() };
}

describe('IntentModel.load', () => {
  // A vocabulary big enough for the typo index to take several slices.
  const words = Array.from({ length: 3000 }, (_, i) => `wort${i.toString(36)}verwaltung`);
  const corpus = {
    version: 1 as const,
    name: 'test',
    locale: 'de' as const,
    data: [
      { intent: 'dog', utterances: ['Ich möchte meinen Hund anmelden', 'Hundesteuer zahlen'], answers: ['Hund'] },
      { intent: 'parking', utterances: ['Bewohnerparkausweis beantragen', 'Parkausweis kosten'], answers: ['P'] },
      { intent: 'id', utterances: ['Personalausweis beantragen', 'neuer Ausweis'], answers: ['A'] },
      { intent: 'filler', utterances: words.map((word) => `${word} bitte`), answers: ['F'] },
    ],
  };
  const english = { ...corpus, name: 'en', locale: 'en' as const, data: corpus.data.slice(0, 2) };
  const model = IntentModel.train(buildTrainingSet([corpus, english], []), 'test');
  const json = model.toJSON();

  it('builds the same model as fromJSON, giving the event loop turns while it works', async () => {
    let yields = 0;
    let timerRuns = 0;
    const timer = setInterval(() => {
      timerRuns++;
    }, 0);
    const loaded = await IntentModel.load(json, async () => {
      yields++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    clearInterval(timer);
    const reference = IntentModel.fromJSON(json);
    for (const lang of ['de', 'en'] as const) {
      for (const question of QUESTIONS) {
        expect(outcome(loaded, lang, question)).toEqual(outcome(reference, lang, question));
      }
    }
    expect(loaded.fingerprint).toBe(reference.fingerprint);
    expect(loaded.answersFor('dog', 'de')).toEqual(['Hund']);
    expect(yields).toBeGreaterThan(2);
    expect(timerRuns).toBeGreaterThan(0);
  });
});

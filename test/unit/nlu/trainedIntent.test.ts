import { describe, expect, it } from 'vitest';
import { IntentModel } from '../../../src/nlu/IntentModel.js';
import type { TrainingSet } from '../../../src/nlu/trainingSet.js';

const set: TrainingSet = {
  examples: {
    de: [
      { intent: 'greeting', utterance: 'Guten Morgen' },
      { intent: 'greeting', utterance: 'Hallo' },
      { intent: 'None', utterance: 'Wie wird das Wetter morgen?' },
      { intent: 'None', utterance: 'Weck mich morgen um sieben' },
      { intent: 'service.hund-anmelden', utterance: 'Hundesteuer' },
      { intent: 'service.hundesteuer-ermaessigung', utterance: 'Hundesteuer' },
      { intent: 'service.gruenflaeche', utterance: 'Grünfläche mieten' },
    ],
    en: [{ intent: 'greeting', utterance: 'Good morning' }],
  },
  answers: { de: {}, en: {} },
};

describe('IntentModel.trainedIntent', () => {
  const model = IntentModel.train(set, 'test');

  it('finds the intent of a training utterance, case, punctuation and umlaut spelling aside', () => {
    expect(model.trainedIntent('de', 'Guten Morgen')).toBe('greeting');
    expect(model.trainedIntent('de', 'guten morgen!!')).toBe('greeting');
    expect(model.trainedIntent('de', 'Gruenflaeche mieten?')).toBe('service.gruenflaeche');
    expect(model.trainedIntent('en', 'good morning.')).toBe('greeting');
  });

  it('finds nothing for other words, another language, or an utterance two intents share', () => {
    expect(model.trainedIntent('de', 'Guten Morgen, wie geht es?')).toBeUndefined();
    expect(model.trainedIntent('de', 'Good morning')).toBeUndefined();
    expect(model.trainedIntent('de', 'Hundesteuer')).toBeUndefined();
  });

  it('is kept with the stored model, also when it is loaded in slices', async () => {
    const json = model.toJSON();
    for (const loaded of [IntentModel.fromJSON(json), await IntentModel.load(json, async () => undefined)]) {
      expect(loaded.trainedIntent('de', 'Guten Morgen')).toBe('greeting');
      expect(loaded.trainedIntent('de', 'Hundesteuer')).toBeUndefined();
    }
  });
});

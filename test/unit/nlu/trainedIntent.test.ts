import { describe, expect, it } from 'vitest';
import { GateReport } from '../../../src/editor/types.js';
import { IntentModel } from '../../../src/nlu/IntentModel.js';
import { sharedUtterances } from '../../../src/nlu/trainedUtterances.js';
import type { TrainingSet } from '../../../src/nlu/trainingSet.js';
import { gate } from '../../editor/training/workbenchData.js';

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

describe('sharedUtterances', () => {
  it('lists each utterance of two intents or more once, as first written, with its intents sorted', () => {
    const shared = sharedUtterances({
      ...set,
      examples: {
        ...set.examples,
        de: [
          ...set.examples.de,
          { intent: 'service.gruenflaeche', utterance: 'hundesteuer!' },
          { intent: 'greeting', utterance: 'Weck mich morgen um sieben' },
        ],
      },
    });
    expect(shared).toEqual([
      { lang: 'de', utterance: 'Weck mich morgen um sieben', intents: ['None', 'greeting'] },
      {
        lang: 'de',
        utterance: 'Hundesteuer',
        intents: ['service.gruenflaeche', 'service.hund-anmelden', 'service.hundesteuer-ermaessigung'],
      },
    ]);
    expect(sharedUtterances({ ...set, examples: { de: set.examples.de.slice(0, 4), en: [] } })).toEqual([]);
  });

  it('reads a release gate report stored before it existed as having none', () => {
    const { sharedUtterances: _none, ...older } = gate(true);
    expect(GateReport.parse(older).sharedUtterances).toEqual([]);
  });
});

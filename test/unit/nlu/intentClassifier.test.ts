import { describe, expect, it } from 'vitest';
import { IntentModel } from '../../../src/nlu/IntentModel.js';
import { buildTrainingSet } from '../../../src/nlu/trainingSet.js';

describe('IntentClassifier.classifyContent', () => {
  const corpus = {
    version: 1 as const,
    name: 'test',
    locale: 'de' as const,
    data: [
      { intent: 'move', utterances: ['Ummeldung', 'Wohnsitz anmelden nach dem Umzug'], answers: ['U'] },
      { intent: 'birth', utterances: ['Geburtsurkunde bestellen', 'Urkunde für mein Kind'], answers: ['G'] },
      { intent: 'None', utterances: ['Welche Jacke brauche ich heute?', 'Wie wird das Wetter?'], answers: [] },
    ],
  };
  const classifier = IntentModel.train(buildTrainingSet([corpus], []), 'test').classifier('de');

  it("is classify's second opinion of the content words, without classifying the whole text", () => {
    for (const text of ['welche brauche ich fuer die ummeldung', 'Ich brauche eine Geburtsurkunde', 'Wetter heute']) {
      const whole = classifier.classify(text);
      expect(classifier.classifyContent(text)).toEqual({
        contentCoverage: whole.contentCoverage,
        classifications: whole.contentClassifications(),
      });
    }
  });

  it('has nothing for function words alone', () => {
    expect(classifier.classifyContent('was ist es')).toEqual({ contentCoverage: 1, classifications: [] });
    expect(classifier.classifyContent('welche ich ummeldung').classifications[0]?.intent).toBe('move');
  });
});

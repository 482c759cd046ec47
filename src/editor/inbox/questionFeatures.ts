import type { Language } from '../../catalogue/schema.js';
import type { IntentModel } from '../../nlu/IntentModel.js';
import { STOPWORDS } from '../../nlu/stopwords.js';
import { TextFeaturizer } from '../../nlu/TextFeaturizer.js';
import type { QuestionFeatures } from './groupQuestions.js';

/**
 * The live model's own featurisation for grouping questions: its vocabulary for typo correction and compound
 * splitting, stems and synonyms ("Anwohnerparken" and "Bewohnerparkausweis" share "bewohn" and "park"), with function
 * words left out because they make any two German questions look alike.
 */
export function questionFeatures(model: IntentModel): QuestionFeatures {
  const byLang = new Map<Language, { featurizer: TextFeaturizer; stopwords: Set<string> }>();
  const of = (lang: Language) => {
    let known = byLang.get(lang);
    if (!known) {
      const featurizer = new TextFeaturizer(model.classifier(lang).toJSON().featurizer);
      const stopwords = new Set([...STOPWORDS[lang]].flatMap((word) => Object.keys(featurizer.trainingFeatures(word))));
      known = { featurizer, stopwords };
      byLang.set(lang, known);
    }
    return known;
  };
  return (text, lang) => {
    const { featurizer, stopwords } = of(lang);
    const features = featurizer.queryFeatures(text);
    for (const feature of Object.keys(features))
      if (stopwords.has(feature) || /^\d+$/.test(feature)) delete features[feature];
    return features;
  };
}

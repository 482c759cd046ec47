import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Language } from '../catalogue/schema.js';

/**
 * NLP.js's sentiment score of a message: the sum of the senticon polarities of its (stemmed) words, a negation
 * flipping the rest of the sentence ("nicht schlecht" > 0). About -1 to 1 for a short message, 0 when no word is known.
 */
export function sentimentScore(text: string, lang: Language): number {
  analyse ??= createAnalyser();
  return analyse(text, lang);
}

type Analyse = (text: string, lang: Language) => number;
let analyse: Analyse | undefined;

const require = createRequire(import.meta.url);

const SentimentDictionary = z.object({
  senticon: z.record(z.string(), z.number()),
  negations: z.object({ words: z.array(z.string()) }),
  stemmed: z.boolean().optional(),
});
const SentimentOutput = z.object({ sentiment: z.object({ score: z.number() }) });

/**
 * `SentimentAnalyzer` of `@nlpjs/sentiment` with the German and English lexicons of `@nlpjs/lang-de`/`-en`, run
 * synchronously: its `process` is async only for NLP.js's pipeline machinery, while tokenising, stemming and
 * `calculate` are plain calls. The packages ship no types, so what they return is parsed.
 */
function createAnalyser(): Analyse {
  const { Container } = require('@nlpjs/core');
  const { SentimentAnalyzer } = require('@nlpjs/sentiment');
  const { LangDe } = require('@nlpjs/lang-de');
  const { LangEn } = require('@nlpjs/lang-en');
  const container = new Container();
  container.use(LangDe);
  container.use(LangEn);
  const analyzer = new SentimentAnalyzer({ container });
  const dictionaries = {
    de: SentimentDictionary.parse(container.get('sentiment-de')),
    en: SentimentDictionary.parse(container.get('sentiment-en')),
  };
  return (text, lang) => {
    const { senticon, negations, stemmed = false } = dictionaries[lang];
    const tokens: unknown = analyzer.prepare(lang, text, undefined, stemmed);
    const output = analyzer.calculate({
      locale: lang,
      tokens,
      sentimentDictionary: { type: 'senticon', dictionary: senticon, negations: negations.words, stemmed },
    });
    return SentimentOutput.parse(output).sentiment.score;
  };
}

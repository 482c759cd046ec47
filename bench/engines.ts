import type { Language } from '../src/catalogue/schema.js';
import type { Understanding } from '../src/nlu/Understanding.js';
import { NLPJS_THRESHOLD, type PlainNlp } from './plainNlp.js';

/** What an engine made of one question, in the terms the benchmark scores. */
export interface Answer {
  /** The catalogue entry the engine answers with; undefined when it rejects or picks a conversational intent. */
  serviceId: string | undefined;
  /** The best-scoring service, whether or not the engine trusts it enough to answer. */
  bestServiceId: string | undefined;
  outOfScope: boolean;
}

/** One engine under test. GovBot answers synchronously, NLP.js only asynchronously. */
export interface BenchEngine {
  answer(text: string, lang: Language): Answer | Promise<Answer>;
}

const SERVICE_PREFIX = 'service.';

export function govBotEngine(understanding: Understanding): BenchEngine {
  return {
    answer(text, lang) {
      const result = understanding.parse(text, { lang });
      return { serviceId: result.service?.id, bestServiceId: result.candidates[0]?.id, outOfScope: result.outOfScope };
    },
  };
}

/** NLP.js rejects when its best intent is `None` or scores below its default threshold. */
export function nlpjsEngine(nlp: PlainNlp): BenchEngine {
  return {
    async answer(text, lang) {
      const result = await nlp.process(lang, text);
      const outOfScope = result.intent === 'None' || result.score < NLPJS_THRESHOLD;
      const best = result.classifications.find((c) => c.score > 0 && c.intent.startsWith(SERVICE_PREFIX));
      return {
        serviceId: outOfScope ? undefined : serviceIdOf(result.intent),
        bestServiceId: best ? serviceIdOf(best.intent) : undefined,
        outOfScope,
      };
    },
  };
}

function serviceIdOf(intent: string): string | undefined {
  return intent.startsWith(SERVICE_PREFIX) ? intent.slice(SERVICE_PREFIX.length) : undefined;
}

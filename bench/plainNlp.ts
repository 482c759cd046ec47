import { containerBootstrap, Nlp, type NlpResult } from '@nlpjs/basic';
import { LangDe } from '@nlpjs/lang-de';
import { LangEn } from '@nlpjs/lang-en';
import type { Language } from '../src/catalogue/schema.js';
import type { TrainingExample } from '../src/nlu/trainingSet.js';

/** NLP.js's default threshold: below it `process` answers `None`. */
export const NLPJS_THRESHOLD = 0.5;

/** Plain NLP.js (`@nlpjs/basic` with its defaults), trained in memory on the same examples as GovBot: the baseline. */
export interface PlainNlp {
  process(lang: Language, text: string): Promise<NlpResult>;
  /** The trained pipeline as JSON text, as NLP.js would save it. */
  toJSON(): string;
}

/**
 * Trains a fresh NLP.js pipeline (its own container, German and English plugins) on the examples. Changed from the
 * defaults only where they would touch the disk or the console: no model file is saved or loaded, and the neural
 * network does not log every epoch.
 */
export async function trainPlainNlp(examples: Partial<Record<Language, TrainingExample[]>>): Promise<PlainNlp> {
  const nlp = await createNlp(Object.keys(examples));
  for (const [lang, list] of Object.entries(examples)) {
    for (const example of list ?? []) nlp.addDocument(lang, example.utterance, example.intent);
  }
  await nlp.train();
  return wrap(nlp);
}

/** Loads a pipeline saved with `toJSON`. */
export async function loadPlainNlp(json: string, languages: Language[]): Promise<PlainNlp> {
  const nlp = await createNlp(languages);
  nlp.import(json);
  return wrap(nlp);
}

async function createNlp(languages: string[]): Promise<Nlp> {
  const container = await containerBootstrap();
  container.use(LangDe);
  container.use(LangEn);
  return new Nlp({ container, languages, autoSave: false, autoLoad: false, nlu: { log: false } });
}

function wrap(nlp: Nlp): PlainNlp {
  return { process: (lang, text) => nlp.process(lang, text), toJSON: () => nlp.export(true) };
}

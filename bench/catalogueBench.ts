import { buildTrainingSet } from '../src/nlu/trainingSet.js';
import { trainModel } from '../src/nlu/trainModel.js';
import { Understanding } from '../src/nlu/Understanding.js';
import type { BenchCatalogue, MassiveLine, Question } from './catalogues.js';
import { type BenchEngine, govBotEngine, nlpjsEngine } from './engines.js';
import { timed } from './measure.js';
import { type LoadedMemory, measureLoadedMemory } from './modelMemory.js';
import { measureParseSpeed, type ParseSpeed } from './parseSpeed.js';
import { trainPlainNlp } from './plainNlp.js';

/** One engine's figures on one catalogue. */
export interface EngineFigures extends ParseSpeed {
  trainMs: number;
  /** A fresh process after loading the saved model. */
  memory: LoadedMemory;
  /** Share of the labelled questions answered with an acceptable entry; undefined without a labelled set. */
  accuracy: number | undefined;
  /** Share of the labelled questions whose best-scoring service is acceptable, ignoring rejection. */
  bestServiceAccuracy: number | undefined;
  /** Share of the MASSIVE lines rejected as out of scope. */
  rejection: number;
}

export interface CatalogueFigures {
  name: BenchCatalogue['name'];
  label: string;
  services: number;
  examples: { de: number; en: number };
  intents: number;
  labelled: number;
  govbot: EngineFigures;
  nlpjs: EngineFigures;
}

export interface CatalogueBenchOptions {
  /** Measured parse calls per engine, at least. */
  calls: number;
  warmUpCalls: number;
  log: (message: string) => void;
}

/** Trains GovBot and plain NLP.js once each on the catalogue, then times and scores both on the same questions. */
export async function benchCatalogue(
  catalogue: BenchCatalogue,
  massive: readonly MassiveLine[],
  options: CatalogueBenchOptions,
): Promise<CatalogueFigures> {
  const { corpora, services } = catalogue;
  const set = buildTrainingSet(corpora, services);
  const intents = new Set([...set.examples.de, ...set.examples.en].map((example) => example.intent)).size;
  const outOfScope: Question[] = massive.map((line) => ({ text: line.utt, lang: 'de', acceptable: [] }));
  const questions = [...catalogue.inScope, ...outOfScope];
  options.log(`${catalogue.name}: training GovBot (${services.length} services, ${intents} intents)`);
  const govbotTraining = await timed(() => new Understanding(trainModel(corpora, services), services));
  options.log(`${catalogue.name}: training NLP.js`);
  const nlpjsTraining = await timed(() => trainPlainNlp(set.examples));

  const engines = [govBotEngine(govbotTraining.result), nlpjsEngine(nlpjsTraining.result)] as const;
  options.log(`${catalogue.name}: parse calls, GovBot and NLP.js taking turns`);
  const [govbotSpeed, nlpjsSpeed] = await measureParseSpeed(engines, questions, options);
  options.log(`${catalogue.name}: loading the saved models in fresh processes`);
  const govbotMemory = await measureLoadedMemory('govbot', govbotTraining.result.model.toJSON());
  const nlpjsMemory = await measureLoadedMemory('nlpjs', nlpjsTraining.result.toJSON());
  const figures = async (
    engine: BenchEngine,
    speed: ParseSpeed | undefined,
    trainMs: number,
    memory: LoadedMemory,
  ): Promise<EngineFigures> => {
    if (!speed) throw new Error('no parse speed measured');
    return {
      ...speed,
      trainMs,
      memory,
      ...(await score(engine, catalogue.labelled)),
      rejection: await rejectionRate(engine, outOfScope),
    };
  };
  return {
    name: catalogue.name,
    label: catalogue.label,
    services: services.length,
    examples: { de: set.examples.de.length, en: set.examples.en.length },
    intents,
    labelled: catalogue.labelled.length,
    govbot: await figures(engines[0], govbotSpeed, govbotTraining.ms, govbotMemory),
    nlpjs: await figures(engines[1], nlpjsSpeed, nlpjsTraining.ms, nlpjsMemory),
  };
}

async function score(
  engine: BenchEngine,
  labelled: readonly Question[],
): Promise<Pick<EngineFigures, 'accuracy' | 'bestServiceAccuracy'>> {
  if (labelled.length === 0) return { accuracy: undefined, bestServiceAccuracy: undefined };
  let right = 0;
  let bestRight = 0;
  for (const question of labelled) {
    const answer = await engine.answer(question.text, question.lang);
    if (answer.serviceId !== undefined && question.acceptable.includes(answer.serviceId)) right++;
    if (answer.bestServiceId !== undefined && question.acceptable.includes(answer.bestServiceId)) bestRight++;
  }
  return { accuracy: right / labelled.length, bestServiceAccuracy: bestRight / labelled.length };
}

async function rejectionRate(engine: BenchEngine, questions: readonly Question[]): Promise<number> {
  let rejected = 0;
  for (const question of questions) if ((await engine.answer(question.text, question.lang)).outOfScope) rejected++;
  return rejected / questions.length;
}

import type { Language, Service } from '../catalogue/schema.js';
import { bootstrapUtterances } from './bootstrapUtterances.js';
import { carryOverTargets } from './carryOver.js';
import { type Corpus, serviceIdOf, serviceIntent } from './corpus.js';
import { type EntityDefinitions, expandUtterance, mergeEntities } from './namedEntities.js';

export interface TrainingExample {
  intent: string;
  utterance: string;
}

/** Training examples per language and the answers of conversational intents. */
export interface TrainingSet {
  examples: Record<Language, TrainingExample[]>;
  answers: Record<Language, Record<string, string[]>>;
  /** The named entities of each language's corpora (the first definition of a name wins); none when missing. */
  entities?: Record<Language, EntityDefinitions>;
}

/** The intent that stands for everything the bot does not do. */
export const NONE_INTENT = 'None';

/**
 * Merges the hand-written corpora with utterances bootstrapped from the catalogue. A hand-written service intent whose
 * entry is not in the catalogue (e.g. after `import --replace`) trains the catalogue's entry of the same name
 * (`carryOverTargets`), or is left out when there is none, so that the model only knows services it can answer.
 * Utterances referencing enum entities (`@name`) are expanded into a variant per option (`expandUtterance`).
 */
export function buildTrainingSet(corpora: Corpus[], services: Service[]): TrainingSet {
  const known = new Set(services.map((service) => service.id));
  const carried = carryOverTargets(
    corpora.flatMap((corpus) => corpus.data.map((entry) => entry.intent)),
    services,
  );
  /** The intent an entry of the corpora trains: its own, the one it carries over to, or none. */
  const trainedAs = (intent: string): string | undefined => {
    const serviceId = serviceIdOf(intent);
    if (serviceId === undefined || known.has(serviceId)) return intent;
    const target = carried.get(intent);
    return target === undefined ? undefined : serviceIntent(target);
  };
  const entitiesOf = (lang: Language) => mergeEntities(corpora.filter((c) => c.locale === lang).map((c) => c.entities));
  const set: TrainingSet = {
    examples: { de: [], en: [] },
    answers: { de: {}, en: {} },
    entities: { de: entitiesOf('de'), en: entitiesOf('en') },
  };
  for (const lang of ['de', 'en'] as const) {
    const entities = set.entities?.[lang] ?? {};
    const byIntent = new Map<string, Set<string>>();
    const add = (intent: string, utterance: string) => {
      const list = byIntent.get(intent) ?? new Set<string>();
      list.add(utterance);
      byIntent.set(intent, list);
    };
    for (const service of services) {
      for (const utterance of bootstrapUtterances(service, lang)) add(serviceIntent(service.id), utterance);
    }
    for (const corpus of corpora.filter((c) => c.locale === lang)) {
      for (const entry of corpus.data) {
        const intent = trainedAs(entry.intent);
        if (intent === undefined) continue;
        for (const utterance of entry.utterances) {
          for (const variant of expandUtterance(utterance, entities)) add(intent, variant);
        }
        if (entry.answers.length > 0) set.answers[lang][intent] = entry.answers;
      }
    }
    for (const [intent, utterances] of byIntent) {
      for (const utterance of utterances) set.examples[lang].push({ intent, utterance });
    }
  }
  return set;
}

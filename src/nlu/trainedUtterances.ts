import type { Language } from '../catalogue/schema.js';
import { normaliseText, tokenize } from './normaliseText.js';
import type { TrainingExample, TrainingSet } from './trainingSet.js';

/** An utterance as the exact-match index knows it: its normalised words (case, punctuation and umlauts aside). */
export function utteranceKey(text: string): string {
  return tokenize(normaliseText(text)).join(' ');
}

/** utterance key → intent, for the keys of exactly one intent (`IntentModel.trainedIntent`). */
export function utteranceIndex(examples: readonly TrainingExample[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const [key, { intents }] of byKey(examples)) {
    const [intent, ...others] = intents;
    if (intent !== undefined && others.length === 0) index.set(key, intent);
  }
  return index;
}

/** An utterance that trains more than one intent: the bot cannot tell by it which one is meant. */
export interface SharedUtterance {
  lang: Language;
  /** As first written in the training data. */
  utterance: string;
  /** Sorted. */
  intents: string[];
}

/**
 * The utterances of `set` that train two intents or more, per language, in the order first seen: a hand-written
 * "Hundesteuer" for Hund anmelden beside the entry "Hundesteuer-Ermäßigung" that the catalogue trains on its title.
 * The classifier splits its evidence between them, and `trainedIntent` cannot answer them as trained.
 */
export function sharedUtterances(set: TrainingSet): SharedUtterance[] {
  return (['de', 'en'] as const).flatMap((lang) =>
    [...byKey(set.examples[lang]).values()]
      .filter(({ intents }) => intents.size > 1)
      .map(({ utterance, intents }) => ({ lang, utterance, intents: [...intents].sort() })),
  );
}

/** The examples grouped by utterance key (empty keys left out), each with its first spelling and its intents. */
function byKey(examples: readonly TrainingExample[]): Map<string, { utterance: string; intents: Set<string> }> {
  const groups = new Map<string, { utterance: string; intents: Set<string> }>();
  for (const { intent, utterance } of examples) {
    const key = utteranceKey(utterance);
    if (key === '') continue;
    const group = groups.get(key);
    if (group) group.intents.add(intent);
    else groups.set(key, { utterance, intents: new Set([intent]) });
  }
  return groups;
}

import { type Catalogue, type Language, localize } from '../../catalogue/schema.js';
import type { CorpusFile } from '../../storage/repositories.js';
import type { VersionDiff } from '../types.js';

/** One side of a comparison: a version's number and the content it was trained from. */
export interface VersionContent {
  version: number;
  corpora: CorpusFile[];
  catalogue: Catalogue;
}

/**
 * What changed from one version's content to another's: intents per language (an intent spread over several corpus
 * files counts as one), their utterances and answers, and the catalogue's services. Sorted by intent, then language.
 */
export function diffVersions(from: VersionContent, to: VersionContent): VersionDiff {
  const before = intentsOf(from.corpora);
  const after = intentsOf(to.corpora);
  const intents: VersionDiff['intents'] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const now = after.get(key);
    const { intent, lang } = now ?? old ?? { intent: key, lang: 'de' };
    const utterancesAdded = [...(now?.utterances ?? [])].filter((u) => !old?.utterances.has(u));
    const utterancesRemoved = [...(old?.utterances ?? [])].filter((u) => !now?.utterances.has(u));
    const answersChanged = JSON.stringify(old?.answers ?? []) !== JSON.stringify(now?.answers ?? []);
    const change = !old ? 'added' : !now ? 'removed' : undefined;
    if (change || utterancesAdded.length > 0 || utterancesRemoved.length > 0 || answersChanged) {
      intents.push({
        intent,
        lang,
        change: change ?? 'changed',
        utterancesAdded,
        utterancesRemoved,
        answersChanged,
      });
    }
  }
  intents.sort((a, b) => a.intent.localeCompare(b.intent) || a.lang.localeCompare(b.lang));

  const servicesBefore = new Map(from.catalogue.services.map((service) => [service.id, service]));
  const servicesAfter = new Map(to.catalogue.services.map((service) => [service.id, service]));
  const services: VersionDiff['services'] = [];
  for (const id of new Set([...servicesBefore.keys(), ...servicesAfter.keys()])) {
    const old = servicesBefore.get(id);
    const now = servicesAfter.get(id);
    const service = now ?? old;
    if (!service) continue;
    const change = !old
      ? 'added'
      : !now
        ? 'removed'
        : JSON.stringify(old) !== JSON.stringify(now)
          ? 'changed'
          : undefined;
    if (change) services.push({ id, title: localize(service.title, 'de'), change });
  }
  services.sort((a, b) => a.id.localeCompare(b.id));
  return { from: from.version, to: to.version, intents, services };
}

interface IntentContent {
  intent: string;
  lang: Language;
  utterances: Set<string>;
  answers: string[];
}

function intentsOf(files: CorpusFile[]): Map<string, IntentContent> {
  const intents = new Map<string, IntentContent>();
  for (const { corpus } of files) {
    for (const entry of corpus.data) {
      const key = `${corpus.locale}\u0000${entry.intent}`;
      const found = intents.get(key) ?? {
        intent: entry.intent,
        lang: corpus.locale,
        utterances: new Set(),
        answers: [],
      };
      for (const utterance of entry.utterances) found.utterances.add(utterance);
      found.answers.push(...entry.answers);
      intents.set(key, found);
    }
  }
  return intents;
}

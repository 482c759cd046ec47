import type { Service } from '../catalogue/schema.js';
import { titleVariants } from './bootstrapUtterances.js';
import { serviceIdOf } from './corpus.js';
import { TextFeaturizer } from './TextFeaturizer.js';

/**
 * Where the hand-written phrasings of a service go when the catalogue has no entry of that id: to the catalogue's
 * entry of the same name. A city that imports its own catalogue (`import --replace`) gets ids of its own, and the
 * phrasings written for the default catalogue ("Perso beantragen", "Mein Ausweis ist abgelaufen") would otherwise be
 * left out; an imported entry knows only its title, keywords and first sentences. Returns intent → catalogue
 * service id for the service intents among `intents` whose entry is not in `services`.
 *
 * The intent's name is its id ("service.gewerbe-abmelden": "gewerbe abmelden"); an entry's is its German title, or
 * the title without its qualifiers ("Bewohnerparkausweis – Neuantrag": "Bewohnerparkausweis"). Names are compared by
 * their content words' stems, compounds split: "Wohnsitz anmelden" is "Wohnsitzanmeldung", "Gewerbe abmelden" is
 * "Gewerbe-Abmeldung". Full titles are tried first, then the shortened ones, and an intent is carried over only when
 * exactly one entry has its name. Neither utterances nor keywords name the entry: they name neighbouring services too
 * ("Niederlassungserlaubnis" is an utterance of the residence permit's intent and the title of another entry).
 */
export function carryOverTargets(intents: Iterable<string>, services: readonly Service[]): Map<string, string> {
  const known = new Set(services.map((service) => service.id));
  const orphans = new Map<string, string>();
  for (const intent of intents) {
    const id = serviceIdOf(intent);
    if (id !== undefined && !known.has(id)) orphans.set(intent, id.replace(/[-_.]+/g, ' '));
  }
  const targets = new Map<string, string>();
  if (orphans.size === 0 || services.length === 0) return targets;

  const titles = services.map((service) => ({ id: service.id, title: service.title.de }));
  // Names are featurized as training texts are: without typo correction, so without its index.
  const featurizer = TextFeaturizer.fromTexts('de', [...titles.map(({ title }) => title), ...orphans.values()], {
    correctTypos: false,
  });
  const nameKey = (text: string) => {
    const features = featurizer.trainingVariants(text).at(-1) ?? {};
    // Whole content words only: function words weigh less, compound parts too.
    return Object.keys(features)
      .filter((stem) => features[stem] === 1)
      .sort()
      .join(' ');
  };
  // Full titles first; a shortened title only where no full title has the name.
  const tiers = [
    indexBy(titles, ({ title }) => [nameKey(title)]),
    indexBy(titles, ({ title }) => titleVariants(title).map(nameKey)),
  ];
  for (const [intent, name] of orphans) {
    const key = nameKey(name);
    const ids = key === '' ? undefined : tiers.map((tier) => tier.get(key)).find((found) => found !== undefined);
    const [only, ...more] = ids ?? [];
    if (only !== undefined && more.length === 0) targets.set(intent, only);
  }
  return targets;
}

/** key → the ids of the entries having it. */
function indexBy(
  entries: readonly { id: string; title: string }[],
  keysOf: (entry: { id: string; title: string }) => string[],
): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const entry of entries) {
    for (const key of keysOf(entry)) {
      if (key === '') continue;
      const ids = index.get(key) ?? new Set<string>();
      ids.add(entry.id);
      index.set(key, ids);
    }
  }
  return index;
}

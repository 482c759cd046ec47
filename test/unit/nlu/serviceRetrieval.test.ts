import { describe, expect, it } from 'vitest';
import { Service } from '../../../src/catalogue/schema.js';
import { ServiceRetrieval } from '../../../src/nlu/ServiceRetrieval.js';
import { TextFeaturizer } from '../../../src/nlu/TextFeaturizer.js';

const services = [
  Service.parse({
    id: 'oldtimer',
    title: { de: 'Historisches Kennzeichen für Oldtimer' },
    summary: {
      de: 'Ein Fahrzeug, das vor mindestens 30 Jahren erstmals zugelassen wurde, kann ein H-Kennzeichen bekommen.',
    },
    description: { de: 'Das Fahrzeug braucht ein Gutachten über seinen Erhaltungszustand. Bringen Sie die eVB mit.' },
    synonyms: { de: ['Oldtimerkennzeichen'], en: [] },
  }),
  Service.parse({
    id: 'saisonkennzeichen',
    title: { de: 'Saisonkennzeichen' },
    summary: { de: 'Ein Kennzeichen, mit dem das Fahrzeug nur in einigen Monaten des Jahres zugelassen ist.' },
    description: { de: 'Zwischen zwei und elf Monaten. Auch mit einem historischen Kennzeichen zu kombinieren.' },
  }),
  Service.parse({
    id: 'reisepass',
    title: { de: 'Reisepass', en: 'Passport' },
    summary: { de: 'Der Reisepass ist zehn Jahre gültig.', en: 'A passport is valid for ten years.' },
    description: { de: 'Für Reisen in die USA brauchen Sie einen Reisepass; ein vorläufiger Reisepass gilt ein Jahr.' },
  }),
  Service.parse({
    id: 'vorlaeufiger-reisepass',
    title: { de: 'Vorläufiger Reisepass' },
    summary: { de: 'Wenn es schnell gehen muss: ein vorläufiger Reisepass.' },
  }),
];
const texts = services.flatMap((s) => [s.title.de, s.summary.de, s.description?.de ?? '']);
const de = TextFeaturizer.fromTexts('de', texts);
const terms = (text: string, correct: boolean) => de.terms(text, correct);
const ids = (ranked: { id: string }[]) => ranked.map(({ id }) => id);

describe('ServiceRetrieval', () => {
  const retrieval = ServiceRetrieval.build(services, 'de', terms);
  const rank = (text: string, limit = 10) => retrieval.rank(de.terms(text, true), limit);

  it('finds a service by words only its summary and description have', () => {
    const ranked = rank(
      'Mein Mercedes wird 30 Jahre alt und braucht ein Gutachten, wie bekomme ich ein H-Kennzeichen?',
    );
    expect(ids(ranked)[0]).toBe('oldtimer');
  });

  it('counts the title above the description: the entry a word names comes before one that mentions it', () => {
    expect(ids(rank('vorläufiger Reisepass')).slice(0, 2)).toEqual(['vorlaeufiger-reisepass', 'reisepass']);
    expect(ids(rank('Saisonkennzeichen'))[0]).toBe('saisonkennzeichen');
  });

  it('weighs a rare word above a common one', () => {
    const entries = [
      Service.parse({ id: 'parkplatz', title: { de: 'Parkplatz' }, summary: { de: 'Baum, Baum und noch ein Baum.' } }),
      Service.parse({ id: 'bauantrag', title: { de: 'Bauantrag' }, summary: { de: 'Für einen Dachgarten.' } }),
      Service.parse({ id: 'garten', title: { de: 'Garten' }, summary: { de: 'Ein Baum.' } }),
    ];
    const featurizer = TextFeaturizer.fromTexts('de', ['Parkplatz Baum', 'Bauantrag Dachgarten', 'Garten']);
    const own = ServiceRetrieval.build(entries, 'de', (text, correct) => featurizer.terms(text, correct));
    // "Baum" and "Garten" (the head of "Dachgarten") are in two entries each, "Dachgarten" in one: with every word
    // counted alike, Garten (its title three times, and a Baum) would come first.
    expect(ids(own.rank(featurizer.terms('Baum Dachgarten', true), 3))[0]).toBe('bauantrag');
  });

  it('scores best first, at most `limit`, and nothing for a text that shares no word', () => {
    const ranked = rank('Fahrzeug Kennzeichen Reisepass', 2);
    expect(ranked).toHaveLength(2);
    expect(ranked[0]?.score).toBeGreaterThanOrEqual(ranked[1]?.score ?? Number.POSITIVE_INFINITY);
    expect(rank('Guten Tag, wie geht es Ihnen?')).toEqual([]);
  });

  it("keeps the best `limit` of a full ranking, equal scores by id, and forgets each call's scores", () => {
    // Twins score alike: their order is their ids'.
    const twins = services.flatMap((service) => [service, { ...service, id: `${service.id}-2` }]);
    const index = ServiceRetrieval.build(twins, 'de', terms);
    const query = de.terms('Fahrzeug Kennzeichen Reisepass Jahre', true);
    const all = index.rank(query, 100);
    expect(all).toHaveLength(8);
    const expected = [...all].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    expect(all).toEqual(expected);
    for (const limit of [1, 2, 3, 5]) expect(index.rank(query, limit)).toEqual(all.slice(0, limit));
    expect(all[1]).toEqual({ id: `${all[0]?.id}-2`, score: all[0]?.score });
    // The same question again scores the same: nothing is left over from the calls before.
    expect(index.rank(query, 100)).toEqual(all);
  });

  it('reads each language from its own texts, falling back to German', () => {
    const en = TextFeaturizer.fromTexts('en', ['Passport', 'A passport is valid for ten years.']);
    const english = ServiceRetrieval.build(services, 'en', (text, correct) => en.terms(text, correct));
    expect(ids(english.rank(en.terms('passport valid', true), 3))[0]).toBe('reisepass');
    // An entry with no English: its German title and synonyms.
    expect(ids(english.rank(en.terms('Oldtimerkennzeichen', true), 3))).toEqual(['oldtimer']);
    expect(ids(english.rank(en.terms('Saisonkennzeichen', true), 3))[0]).toBe('saisonkennzeichen');
  });

  it('builds the same index in slices, giving the event loop its turns', async () => {
    let yields = 0;
    const many = Array.from({ length: 400 }, (_, i) => ({ ...services[i % services.length], id: `s${i}` }) as Service);
    const slow = (text: string, correct: boolean) => {
      const until = performance.now() + 0.1;
      while (performance.now() < until);
      return terms(text, correct);
    };
    const loaded = await ServiceRetrieval.load(many, 'de', slow, async () => {
      yields++;
    });
    const built = ServiceRetrieval.build(many, 'de', terms);
    const query = de.terms('H-Kennzeichen für den Oldtimer', true);
    expect(loaded.rank(query, 20)).toEqual(built.rank(query, 20));
    expect(yields).toBeGreaterThan(0);
  });
});

describe('TextFeaturizer.terms', () => {
  it('gives the content stems as often as they occur, without function words', () => {
    const list = de.terms('Der Reisepass und der vorläufige Reisepass', false);
    expect(list.filter((term) => term === de.terms('Reisepass', false)[0])).toHaveLength(2);
    expect(list).not.toContain('der');
    expect(de.terms('der und ein', false)).toEqual([]);
  });

  it("adds a compound's head, not its other parts", () => {
    const [head] = de.terms('Kennzeichen', false);
    const [modifier] = de.terms('Oldtimer', false);
    const compound = de.terms('Oldtimerkennzeichen', false);
    expect(compound).toContain(head);
    expect(compound).not.toContain(modifier);
    // The classifier's features keep every part.
    expect(Object.keys(de.queryFeatures('Oldtimerkennzeichen'))).toEqual(expect.arrayContaining([head, modifier]));
  });

  it("corrects a citizen's typos only when asked", () => {
    expect(de.terms('Reisepas', true)).toEqual(de.terms('Reisepass', false));
    expect(de.terms('Reisepas', false)).not.toEqual(de.terms('Reisepass', false));
  });

  it("reads a citizen's message both corrected and as written, once when nothing was corrected", () => {
    // The vocabulary knows "Karten", not "Garten": the correction alone would lose the word.
    const cards = TextFeaturizer.fromTexts('de', ['Karten bestellen', 'Reisepass beantragen']);
    expect(cards.terms('Garten', true)).toEqual(cards.terms('Karten', false));
    expect(cards.analyse('Garten Teich').terms()).toEqual([
      ...cards.terms('Garten Teich', true),
      ...cards.terms('Garten Teich', false),
    ]);
    expect(cards.analyse('Reisepass beantragen').terms()).toEqual(cards.terms('Reisepass beantragen', false));
  });
});

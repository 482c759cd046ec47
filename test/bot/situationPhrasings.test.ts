import { beforeAll, describe, expect, it } from 'vitest';
import { Understanding } from '../../src/nlu/Understanding.js';
import { useDefaultModel } from '../support/defaultModel.js';

/**
 * Citizens who describe their situation instead of naming the service, in words only the catalogue entry's description
 * has: the classifier (trained on titles, synonyms and templates) turns them away as `None`; the catalogue's texts
 * point to one entry clearly, so the bot asks "Meinten Sie …?" instead of saying it does not know. Written apart from
 * the corpus and from `eval/`. Their best retrieval scores are 24–30, above the threshold of 19, each at least three
 * times the second's, which is therefore not offered ("Meinten Sie das?").
 */
const DESCRIBED: [text: string, serviceId: string][] = [
  [
    'Der Nachbar hat seinen alten Kühlschrank und eine Matratze vor das Haus gestellt, wer holt sowas ab?',
    'sperrmuell-anmelden',
  ],
  [
    'Wir renovieren und haben einen alten Kleiderschrank, ein Bettgestell und eine Waschmaschine, die abgeholt werden sollen.',
    'sperrmuell-anmelden',
  ],
  [
    'Wir wollen im Juni ein Straßenfest mit Musik und Grill in unserer Straße feiern, wen muss ich fragen?',
    'veranstaltung-anmelden',
  ],
];

/** Long sentences that are no question for the city: they share a word or two with some entry, never enough. */
const UNRELATED = [
  'Wie wird das Wetter am Wochenende, soll ich einen Schirm mitnehmen?',
  'Kannst du mir ein gutes Rezept für Apfelkuchen mit Streuseln geben?',
  'Welcher Verein hat letztes Jahr die Meisterschaft gewonnen und wer war der beste Torschütze?',
  'Ich suche ein gutes italienisches Restaurant in der Innenstadt für einen Geburtstag am Freitagabend.',
  'Mein Handy ist kaputt, das Display ist gesprungen, wo kann ich das günstig reparieren lassen?',
];

describe('a described situation (the default catalogue, its trained model)', () => {
  const trained = useDefaultModel();
  let understanding: Understanding;
  let classifierAlone: Understanding;

  beforeAll(() => {
    understanding = new Understanding(trained.model, trained.services);
    classifierAlone = new Understanding(trained.model, trained.services, { retrieval: false });
  });

  it.each(DESCRIBED)('asks about "%s" with %s first, which the classifier alone turns away', (text, serviceId) => {
    expect(classifierAlone.parse(text)).toMatchObject({ outOfScope: true, service: null });
    const result = understanding.parse(text);
    expect(result).toMatchObject({ lang: 'de', outOfScope: false, ambiguous: true, service: { id: serviceId } });
    expect(result.candidates.map(({ id }) => id)).toEqual([serviceId]);
  });

  it.each(UNRELATED)('still turns "%s" away', (text) => {
    expect(understanding.parse(text)).toMatchObject({ intent: 'None', outOfScope: true, service: null });
  });
});

import { describe, expect, it } from 'vitest';
import type { Office, Service } from '../../src/catalogue/schema.js';
import type { Corpus } from '../../src/nlu/corpus.js';
import { buildTrainingSet } from '../../src/nlu/trainingSet.js';
import { type KnowledgeContent, layerContent } from '../../src/tenants/tenantContent.js';

function service(id: string, title: string): Service {
  return {
    id,
    leika: [],
    title: { de: title },
    summary: { de: `${title}: so geht es` },
    legalBasis: [],
    officeIds: [],
    forms: [],
    links: [],
    synonyms: { de: [], en: [] },
  };
}

function office(id: string, name: string): Office {
  return { id, name: { de: name }, openingHours: [], contact: {} };
}

function corpus(name: string, data: Corpus['data']): Corpus {
  return { version: 1, name, locale: 'de', data };
}

const SHARED: KnowledgeContent = {
  corpora: [
    {
      path: 'de/conversation.json',
      corpus: corpus('Gespräch', [
        { intent: 'smalltalk.hours', utterances: ['Wann habt ihr offen?'], answers: ['Montag bis Freitag.'] },
        { intent: 'smalltalk.thanks', utterances: ['Danke'], answers: ['Gern geschehen.'] },
      ]),
    },
  ],
  catalogue: {
    services: [service('hund-anmelden', 'Hund anmelden'), service('reisepass', 'Reisepass')],
    offices: [office('buergerbuero', 'Bürgerbüro')],
  },
};

describe('layerContent', () => {
  it("puts the tenant's own entries over the shared ones: same id replaces, new ids join, in id order", () => {
    const layered = layerContent(SHARED, {
      corpora: [],
      catalogue: {
        services: [service('hund-anmelden', 'Hund anmelden in Musterdorf'), service('huehner', 'Hühnerhaltung')],
        offices: [office('rathaus-musterdorf', 'Rathaus Musterdorf')],
      },
    });
    expect(layered.catalogue.services.map((s) => [s.id, s.title.de])).toEqual([
      ['huehner', 'Hühnerhaltung'],
      ['hund-anmelden', 'Hund anmelden in Musterdorf'],
      ['reisepass', 'Reisepass'],
    ]);
    expect(layered.catalogue.offices.map((o) => o.id)).toEqual(['buergerbuero', 'rathaus-musterdorf']);
    // The shared content itself is not changed.
    expect(SHARED.catalogue.services.map((s) => s.title.de)).toEqual(['Hund anmelden', 'Reisepass']);
  });

  it("trains an intent of both on both layers' utterances, answering with the tenant's answers where it has any", () => {
    const layered = layerContent(SHARED, {
      corpora: [
        {
          path: 'de/conversation.json',
          corpus: corpus('Musterdorf', [
            { intent: 'smalltalk.hours', utterances: ['Ist das Rathaus heute auf?'], answers: ['Nur dienstags.'] },
            { intent: 'smalltalk.thanks', utterances: ['Vergelts Gott'], answers: [] },
          ]),
        },
      ],
      catalogue: { services: [], offices: [] },
    });
    // Its own files keep their paths under local/, apart from the shared file of the same name.
    expect(layered.corpora.map((file) => file.path)).toEqual(['de/conversation.json', 'local/de/conversation.json']);
    const set = buildTrainingSet(
      layered.corpora.map((file) => file.corpus),
      layered.catalogue.services,
    );
    const utterancesOf = (intent: string) =>
      set.examples.de.filter((example) => example.intent === intent).map((example) => example.utterance);
    expect(utterancesOf('smalltalk.hours')).toEqual(['Wann habt ihr offen?', 'Ist das Rathaus heute auf?']);
    expect(set.answers.de['smalltalk.hours']).toEqual(['Nur dienstags.']);
    expect(utterancesOf('smalltalk.thanks')).toEqual(['Danke', 'Vergelts Gott']);
    expect(set.answers.de['smalltalk.thanks']).toEqual(['Gern geschehen.']);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importDldb } from '../../../src/catalogue/dldb.js';
import type { Service } from '../../../src/catalogue/schema.js';
import { carryOverTargets } from '../../../src/nlu/carryOver.js';
import { loadCorporaDir } from '../../../src/nlu/loadCorporaDir.js';
import { buildTrainingSet } from '../../../src/nlu/trainingSet.js';
import { corpus, service } from '../../storage/contract/fixtures.js';

function entry(id: string, title: string, synonyms: string[] = []): Service {
  const base = service(id, title);
  return { ...base, synonyms: { de: synonyms, en: [] } };
}

describe('carryOverTargets', () => {
  it('carries a service intent to the entry named like its id, compounds and inflections aside', () => {
    const services = [
      entry('1063475', 'Wohnsitzanmeldung'),
      entry('1063486', 'Wohnsitz abmelden'),
      entry('1063435', 'Gewerbe-Abmeldung'),
      entry('1063441', 'Personalausweis'),
    ];
    const targets = carryOverTargets(
      ['service.wohnsitz-anmelden', 'service.wohnsitz-abmelden', 'service.gewerbe-abmelden', 'service.personalausweis'],
      services,
    );
    expect(Object.fromEntries(targets)).toEqual({
      'service.wohnsitz-anmelden': '1063475',
      'service.wohnsitz-abmelden': '1063486',
      'service.gewerbe-abmelden': '1063435',
      'service.personalausweis': '1063441',
    });
  });

  it('prefers the entry whose whole title is the name to those where it is the title without qualifiers', () => {
    const services = [
      entry('1072040', 'Bewohnerparkausweis – Neuantrag'),
      entry('1072043', 'Bewohnerparkausweis'),
      entry('1072037', 'Bewohnerparkausweis – Umschreibung'),
    ];
    expect(carryOverTargets(['service.bewohnerparkausweis'], services).get('service.bewohnerparkausweis')).toBe(
      '1072043',
    );
  });

  it('takes the title without qualifiers when it names one entry only', () => {
    const services = [entry('1', 'Reisepass – Erstausstellung'), entry('2', 'Vorläufiger Reisepass')];
    expect(carryOverTargets(['service.reisepass'], services).get('service.reisepass')).toBe('1');
  });

  it('carries nothing where two entries have the name, or only a keyword or another word has it', () => {
    const services = [
      entry('1', 'Reisepass – Erstausstellung'),
      entry('2', 'Reisepass – Verlängerung'),
      entry('3', 'Erlöschen des Aufenthaltstitels', ['Aufenthaltstitel']),
      entry('4', 'Hundesteuer'),
    ];
    const targets = carryOverTargets(
      ['service.reisepass', 'service.aufenthaltstitel', 'service.hund-anmelden'],
      services,
    );
    expect(targets.size).toBe(0);
  });

  it('leaves intents alone whose entry exists, and intents that are not service intents', () => {
    const services = [entry('personalausweis', 'Personalausweis beantragen'), entry('2', 'Greeting')];
    expect(carryOverTargets(['service.personalausweis', 'greeting', 'None'], services).size).toBe(0);
  });

  it("carries the default catalogue's intents to Munich's entries of the same name", () => {
    const munich = importDldb(sharedData('munich-dldb/services_de.json')).catalogue.services;
    const intents = loadCorporaDir(fileURLToPath(new URL('../../../intents', import.meta.url))).flatMap((corpus) =>
      corpus.data.map(({ intent }) => intent),
    );
    const targets = carryOverTargets(intents, munich);
    const titleOf = (id: string | undefined) => munich.find((service) => service.id === id)?.title.de;
    expect(titleOf(targets.get('service.personalausweis'))).toBe('Personalausweis');
    expect(titleOf(targets.get('service.reisepass'))).toBe('Reisepass');
    expect(titleOf(targets.get('service.wohnsitz-anmelden'))).toBe('Wohnsitzanmeldung');
    expect(titleOf(targets.get('service.gewerbe-abmelden'))).toBe('Gewerbe-Abmeldung');
    // A residence permit's intent names several of Munich's entries in its utterances, and none by its id.
    expect(targets.has('service.aufenthaltstitel')).toBe(false);
    for (const [intent, id] of targets) expect(titleOf(id), intent).toBeDefined();
  });
});

describe('buildTrainingSet with a catalogue of other ids', () => {
  it("trains the entry of the intent's name on its utterances and leaves out intents without one", () => {
    const handWritten = {
      ...corpus('services', 'de', 'service.personalausweis'),
      data: [
        {
          intent: 'service.personalausweis',
          utterances: ['Perso beantragen', 'Mein Ausweis ist abgelaufen'],
          answers: [],
        },
        { intent: 'service.jagdschein', utterances: ['Jagdschein machen'], answers: [] },
      ],
    };
    const set = buildTrainingSet([handWritten], [entry('1063441', 'Personalausweis')]);
    const utterancesOf = (intent: string) =>
      set.examples.de.filter((example) => example.intent === intent).map((example) => example.utterance);
    expect(utterancesOf('service.1063441')).toEqual(
      expect.arrayContaining(['Personalausweis', 'Perso beantragen', 'Mein Ausweis ist abgelaufen']),
    );
    expect(set.examples.de.map((example) => example.intent)).not.toContain('service.personalausweis');
    expect(set.examples.de.map((example) => example.utterance)).not.toContain('Jagdschein machen');
  });
});

/** The shared data lives next to the repository; a missing file must fail the suite, not skip it. */
function sharedData(path: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../../shared/data/${path}`, import.meta.url)), 'utf8'));
}

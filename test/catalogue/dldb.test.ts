import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importDldb } from '../../src/catalogue/dldb.js';
import { Catalogue, type Service } from '../../src/catalogue/schema.js';

/** The shared data lives next to the repository; a missing file must fail the suite, not skip it. */
function sharedData(path: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../shared/data/${path}`, import.meta.url)), 'utf8'));
}

const munichServices = sharedData('munich-dldb/services_de.json');
const munichLocations = sharedData('munich-dldb/locations_de.json');
const munich = importDldb(munichServices, munichLocations);

function service(id: string): Service {
  const found = munich.catalogue.services.find((entry) => entry.id === id);
  if (!found) throw new Error(`service ${id} not imported`);
  return found;
}

describe('importDldb on the Munich export', () => {
  it('imports all 287 services and 109 offices without warnings', () => {
    expect(munich.catalogue.services).toHaveLength(287);
    expect(munich.catalogue.offices).toHaveLength(109);
    expect(munich.warnings).toEqual([]);
    expect(() => Catalogue.parse(munich.catalogue)).not.toThrow();
  });

  it('links services to the offices of the locations file', () => {
    const officeIds = new Set(munich.catalogue.offices.map((office) => office.id));
    const references = munich.catalogue.services.flatMap((entry) => entry.officeIds);
    expect(references).toHaveLength(526);
    expect(references.filter((id) => !officeIds.has(id))).toEqual([]);
  });

  it('keeps ids, titles, LeiKa keys, fees and the booking link', () => {
    const gewerbe = service('1063423');
    expect(gewerbe.title.de).toBe('Gewerbe-Anmeldung');
    expect(gewerbe.leika).toEqual(['99050012104000']);
    expect(gewerbe.costs?.de).toContain('50 bis 60 Euro');
    expect(gewerbe.officeIds).toEqual(['10546']);
    expect(gewerbe.summary.de).toMatch(/^Sie haben eine gewerbliche Niederlassung .*eines Gewinns\.$/);
    expect(gewerbe.description?.de).toContain('1. **Anmeldung starten**\n2. **Mit BayernID anmelden**');
    expect(gewerbe.onlineService?.url).toBe(
      'https://stadt.muenchen.de/en/buergerservice/terminvereinbarung.html/#/services/1063423',
    );
    expect(gewerbe.source).toEqual({ kind: 'dldb', id: '1063423', url: gewerbe.onlineService?.url });
  });

  it('offers no booking link for internal services', () => {
    expect(service('1063486').title.de).toBe('Wohnsitz abmelden');
    expect(service('1063486').onlineService).toBeUndefined();
    expect(munich.catalogue.services.filter((entry) => entry.onlineService)).toHaveLength(162);
  });

  it('keeps keywords as synonyms and every key of the multi-key LeiKa entry', () => {
    expect(service('1063441').synonyms.de).toContain('Perso');
    expect(service('1063441').synonyms.de).toHaveLength(10);
    expect(service('1064076').leika).toEqual(['99036008007003', '99036008007004', '99036008007006', '99036008007007']);
  });

  it('leaves no HTML tags or zero-width spaces in texts and keeps summaries short', () => {
    for (const entry of munich.catalogue.services) {
      for (const text of [entry.summary.de, entry.description?.de ?? '', entry.costs?.de ?? '']) {
        expect(text, entry.id).not.toMatch(/<\/?[a-z!]/i);
        expect(text, entry.id).not.toContain('\u200b');
        expect(text, entry.id).not.toMatch(/\n{3,}|&[a-z]+;/);
      }
      expect(entry.summary.de.length, entry.id).toBeLessThanOrEqual(300);
    }
  });

  it('uses the name as summary when there is no description', () => {
    expect(service('1063553').description).toBeUndefined();
    expect(service('1063553').summary.de).toBe('Übermittlungssperre');
  });

  it('turns https links of descriptions into markdown links', () => {
    expect(service('1063441').description?.de).toContain(
      '[Kontaktformular](https://service.muenchen.de/intelliform/forms/01/02/02/buergerbuero_kontakt/index?key=2)',
    );
    const linked = munich.catalogue.services.filter((entry) => /\]\(https:\/\//.test(entry.description?.de ?? ''));
    expect(linked.length).toBeGreaterThan(50);
  });

  it('imports forms and links once, with decoded titles', () => {
    const zulassung = service('1063425');
    expect(zulassung.forms).toEqual([]);
    expect(zulassung.links[0]).toEqual({
      title: { de: 'Vollmacht' },
      url: 'https://stadt.muenchen.de/dms/Home/Stadtverwaltung/Kreisverwaltungsreferat/fachspezifisch/HA-III/Dokumente/Kfz-Zulassung/Zulassungsvollmacht',
    });
    const titles = munich.catalogue.services.flatMap((entry) => entry.links.map((link) => link.title.de));
    expect(titles).toContain('Informationsblatt "Fuchs"');
    expect(titles.filter((title) => title.includes('&'))).toEqual([]);
  });

  it('stores URLs in ASCII form, so validating them does not depend on how warm Node is', () => {
    const urls = munich.catalogue.services.flatMap((entry) => entry.links.map((link) => link.url));
    expect(urls).toContain('https://www.xn--einbrgerung-whb.de/index.php');
    expect(urls.filter((url) => !/^[\x21-\x7e]+$/.test(url))).toEqual([]);
    // Node 20's URL.canParse (used by z.url()) rejects non-ASCII URLs after a few thousand calls.
    for (let round = 0; round < 3; round++) expect(Catalogue.safeParse(munich.catalogue).success).toBe(true);
  });

  it('imports offices with address, contact and coordinates', () => {
    const gewerbeamt = munich.catalogue.offices.find((office) => office.id === '10546');
    expect(gewerbeamt).toEqual({
      id: '10546',
      name: { de: 'Gewerbeamt' },
      address: { street: 'Implerstraße', houseNumber: '11', postalCode: '81371', city: 'München' },
      openingHours: [],
      contact: { phone: '089 233-45141', email: 'gewerbemeldung.kvr@muenchen.de', fax: '089 233-45173' },
      geo: { lat: 48.122797372557905, lon: 11.548818308682014 },
      source: { kind: 'dldb', id: '10546' },
    });
  });

  it('keeps no office references without a locations file, and says so once', () => {
    const { catalogue, warnings } = importDldb(munichServices);
    expect(catalogue.services.every((entry) => entry.officeIds.length === 0)).toBe(true);
    expect(warnings).toEqual(['no locations file: the office references of 281 services were left out']);
  });
});

describe('importDldb on the Berlin 2016 export', () => {
  it('imports all 560 services although they have neither descriptions nor keywords', () => {
    const { catalogue, warnings } = importDldb(sharedData('berlin-dldb-2016/services_de.json'));
    expect(catalogue.services).toHaveLength(560);
    expect(catalogue.offices).toEqual([]);
    expect(warnings).toHaveLength(1);
    const abfall = catalogue.services.find((entry) => entry.id === '326690');
    expect(abfall?.title.de).toBe('Abfälle - Genehmigung für Sammler, Beförderer, Händler und Makler');
    expect(abfall?.summary.de).toBe(abfall?.title.de);
    expect(abfall?.synonyms.de).toEqual([]);
    expect(abfall?.source).toEqual({ kind: 'dldb', id: '326690' });
  });
});

describe('importDldb on unusual records', () => {
  const longSentence = `Dieser Satz ist sehr lang, ${'und er geht immer weiter, '.repeat(20)}bis er endet.`;
  const services = {
    data: [
      {
        id: 42,
        name: 'Hund &amp; Katze anmelden',
        description: `<p>${longSentence}</p>`,
        fees: null,
        leika: '99123456789012, 12345, 99123456789012',
        meta: { url: 'https://example.org/leistung/{serviceId}', keywords: ' Hund , Katze,hund,, ' },
        forms: [
          { name: '', link: 'https://example.org/antrag.pdf' },
          { name: 'Böse', link: 'javascript:alert(1)' },
        ],
        links: [{ name: 'Kaputt', link: 42 }],
        appointment: { link: 'not a url' },
        onlineprocessing: { link: 'https://example.org/online/{serviceId}' },
        locations: [{ location: 7 }, { location: '8' }],
      },
      { id: '43', name: 'Ohne alles', leika: '', locations: [] },
      { id: '43', name: 'Doppelt' },
      { id: 'Kein_Slug', name: 'Falsche Id' },
      { name: 'Ohne Id' },
    ],
  };
  const locations = [
    {
      id: 7,
      name: 'Amt (intern)',
      displayName: '',
      address: { street: 'Hauptstraße', house_number: 5, postal_code: 12345, city: 'Musterstadt' },
      geo: { lat: 'nicht da', lon: '11.5' },
      contact: { email: '', phone: ' 089 1 ', webinfo: 'https://example.org/amt' },
    },
    {
      id: '9',
      name: 'Ohne Adresse',
      address: { street: 'Weg', postal_code: '123', city: '' },
      geo: { lat: 0, lon: 0 },
    },
  ];
  const { catalogue, warnings } = importDldb(services, locations, { sourceUrl: false });

  it('maps what is usable and reports what is dropped', () => {
    expect(catalogue.services.map((entry) => entry.id)).toEqual(['42', '43']);
    const dog = catalogue.services[0];
    expect(dog?.title.de).toBe('Hund & Katze anmelden');
    expect(dog?.leika).toEqual(['99123456789012']);
    expect(dog?.synonyms.de).toEqual(['Hund', 'Katze']);
    expect(dog?.costs).toBeUndefined();
    expect(dog?.forms).toEqual([
      { title: { de: 'https://example.org/antrag.pdf' }, url: 'https://example.org/antrag.pdf' },
    ]);
    expect(dog?.links).toEqual([]);
    expect(dog?.onlineService).toEqual({ title: { de: 'Online erledigen' }, url: 'https://example.org/online/42' });
    expect(dog?.officeIds).toEqual(['7']);
    expect(dog?.source).toEqual({ kind: 'dldb', id: '42' });
    expect(warnings).toEqual([
      'location 7: invalid coordinates left out',
      'location 9: incomplete address left out',
      'services[4]: skipped, id: Invalid input',
      'service 42: link {"name":"Kaputt","link":42} has no valid URL, dropped',
      'service 42: form "javascript:alert(1)" has no valid URL, dropped',
      'service 42: invalid LeiKa key "12345" dropped',
      'service 42: offices 8 not found, left out',
      'service 43: duplicate id, skipped',
      'service Kein_Slug: id is not usable as a catalogue id, skipped',
    ]);
  });

  it('cuts a long first sentence at a word boundary', () => {
    const summary = catalogue.services[0]?.summary.de ?? '';
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary).toMatch(/[a-z]…$/);
    const kept = summary.slice(0, -1);
    expect(longSentence.startsWith(kept)).toBe(true);
    expect(longSentence[kept.length]).toMatch(/[ ,]/);
  });

  it('imports offices leniently', () => {
    expect(catalogue.offices).toEqual([
      {
        id: '7',
        name: { de: 'Amt (intern)' },
        address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Musterstadt' },
        openingHours: [],
        contact: { phone: '089 1', web: 'https://example.org/amt' },
        source: { kind: 'dldb', id: '7' },
      },
      { id: '9', name: { de: 'Ohne Adresse' }, openingHours: [], contact: {}, source: { kind: 'dldb', id: '9' } },
    ]);
  });

  it('refuses a file that is not a DLDB export', () => {
    expect(() => importDldb({ services: [] })).toThrow(/DLDB services: not a DLDB export/);
  });
});

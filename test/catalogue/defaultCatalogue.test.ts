import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogueError, DEFAULT_CATALOGUE_DIR, loadCatalogueDir } from '../../src/catalogue/loadCatalogueDir.js';
import { LeikaKey } from '../../src/catalogue/schema.js';

const REQUIRED_IDS = [
  'bewohnerparkausweis',
  'besucherparkausweis',
  'handwerkerparkausweis',
  'hund-anmelden',
  'hund-abmelden',
  'geburtsurkunde',
  'eheurkunde',
  'sterbeurkunde',
  'liegenschaftskarte',
  'jaegerpruefung',
  'fischerpruefung',
  'zaehlerstand-melden',
  'wohnbaugrundstueck-bewerbung',
  'aufenthaltstitel',
  'hilfe-zum-lebensunterhalt',
  'schulverpflegung',
  'gewerbe-anmelden',
  'gewerbe-abmelden',
  'gewerbe-ummelden',
  'sondernutzung',
  'wohnberechtigungsschein',
  'elterngeld',
  'fuehrungszeugnis',
  'amtsblatt',
  'fahrzeug-zulassen',
  'termin-buergerbuero',
  'online-ausweisfunktion',
  'personalausweis',
  'reisepass',
  'wohnsitz-anmelden',
  'wohnsitz-abmelden',
  'meldebescheinigung',
];

describe('default catalogue (Musterstadt)', () => {
  const catalogue = loadCatalogueDir(DEFAULT_CATALOGUE_DIR);
  const ids = catalogue.services.map((service) => service.id);

  it('has at least 60 services, among them every id the bot and its tests rely on', () => {
    expect(catalogue.services.length).toBeGreaterThanOrEqual(60);
    expect(REQUIRED_IDS.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('gives every service a German title and summary', () => {
    const missing = catalogue.services.filter((s) => !s.title.de.trim() || !s.summary.de.trim()).map((s) => s.id);
    expect(missing).toEqual([]);
  });

  it('has valid LeiKa keys only', () => {
    const invalid = catalogue.services.flatMap((s) => s.leika.filter((key) => !LeikaKey.safeParse(key).success));
    expect(invalid).toEqual([]);
  });

  it('names at least one office for every service, and every office exists', () => {
    const officeIds = new Set(catalogue.offices.map((office) => office.id));
    expect(catalogue.services.filter((s) => s.officeIds.length === 0).map((s) => s.id)).toEqual([]);
    const dangling = catalogue.services.flatMap((s) => s.officeIds.filter((id) => !officeIds.has(id)));
    expect(dangling).toEqual([]);
  });

  it('has an English title for at least 90 % of the services, and then an English summary too', () => {
    const english = catalogue.services.filter((s) => s.title.en);
    expect(english.length / catalogue.services.length).toBeGreaterThanOrEqual(0.9);
    expect(english.filter((s) => !s.summary.en).map((s) => s.id)).toEqual([]);
  });

  it('keeps some services German-only so the fallback to German is exercised', () => {
    expect(catalogue.services.filter((s) => !s.title.en).length).toBeGreaterThanOrEqual(2);
  });

  it('marks every service as coming from the default catalogue under its own id', () => {
    const wrong = catalogue.services.filter((s) => s.source?.kind !== 'default' || s.source.id !== s.id);
    expect(wrong.map((s) => s.id)).toEqual([]);
  });

  it('offers synonyms citizens use, e.g. "Perso" and "Anwohnerparken"', () => {
    const byId = new Map(catalogue.services.map((s) => [s.id, s]));
    expect(byId.get('personalausweis')?.synonyms.de).toContain('Perso');
    expect(byId.get('bewohnerparkausweis')?.synonyms.de).toContain('Anwohnerparken');
    expect(byId.get('fuehrungszeugnis')?.synonyms.en).toContain('police clearance certificate');
  });
});

describe('loadCatalogueDir on a broken catalogue', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes a small valid catalogue, then the given files on top of it; a value of null removes the file. */
  function catalogueDir(files: Record<string, string | null> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-catalogue-'));
    dirs.push(dir);
    const all: Record<string, string | null> = {
      'catalogue.yaml': 'version: 1\nname: Test\ncity: Teststadt\nlanguages: [de, en]\n',
      'offices.yaml': '- id: rathaus\n  name: { de: Rathaus, en: Town hall }\n',
      'services/hund-anmelden.yaml': [
        'id: hund-anmelden',
        'leika: ["99102013104000"]',
        'title: { de: Hund anmelden, en: Register a dog }',
        'summary: { de: Hunde werden angemeldet. }',
        'officeIds: [rathaus]',
        '',
      ].join('\n'),
      ...files,
    };
    for (const [file, text] of Object.entries(all)) {
      if (text === null) continue;
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return dir;
  }

  function loadError(dir: string): CatalogueError {
    try {
      loadCatalogueDir(dir);
    } catch (error) {
      if (error instanceof CatalogueError) return error;
      throw error;
    }
    throw new Error('expected the catalogue to be rejected');
  }

  it('loads the small catalogue the other cases break', () => {
    expect(loadCatalogueDir(catalogueDir()).services.map((s) => s.id)).toEqual(['hund-anmelden']);
  });

  it('names file, path and reason of an invalid entry', () => {
    const dir = catalogueDir({
      'services/broken.yaml': 'id: broken\ntitle: { en: Only English }\nsummary: { de: Kurz. }\nleika: ["12345"]\n',
    });
    const { message } = loadError(dir);
    expect(message).toContain(dir);
    expect(message).toMatch(/services\/broken\.yaml at title\.de: .*expected string/);
    expect(message).toContain('services/broken.yaml at leika[0]: a LeiKa key has 14 digits and starts with 99');
  });

  it('names the line of a YAML syntax error', () => {
    const { message } = loadError(catalogueDir({ 'catalogue.yaml': 'version: 1\nname: Test\n  city: Teststadt\n' }));
    expect(message).toMatch(/catalogue\.yaml at line 2, column \d+: Nested mappings are not allowed/);
  });

  it('reports an unreadable offices.yaml once, not once per service that refers to it', () => {
    const { problems } = loadError(catalogueDir({ 'offices.yaml': '- id: rathaus\n  name: { de: Rathaus\n' }));
    expect(problems.map((p) => p.file)).toEqual(['offices.yaml']);
  });

  it('rejects a manifest whose version is not 1', () => {
    const { message } = loadError(
      catalogueDir({ 'catalogue.yaml': 'version: 2\nname: T\ncity: T\nlanguages: [de]\n' }),
    );
    expect(message).toContain('catalogue.yaml at version: unsupported catalogue version');
  });

  it('rejects a missing manifest', () => {
    expect(loadError(catalogueDir({ 'catalogue.yaml': null })).message).toMatch(/catalogue\.yaml at \(file\): ENOENT/);
  });

  it('rejects a service that refers to an unknown office', () => {
    const dir = catalogueDir({
      'services/gewerbe-anmelden.yaml':
        'id: gewerbe-anmelden\ntitle: { de: Gewerbe }\nsummary: { de: Kurz. }\nofficeIds: [rathaus, gewerbeamt]\n',
    });
    expect(loadError(dir).message).toContain(
      'services/gewerbe-anmelden.yaml at officeIds[1]: unknown office "gewerbeamt" (not in offices.yaml)',
    );
  });

  it('rejects two services with the same id', () => {
    const dir = catalogueDir({
      'services/hund-anmelden.yml': 'id: hund-anmelden\ntitle: { de: Noch einmal }\nsummary: { de: Kurz. }\n',
    });
    expect(loadError(dir).message).toContain(
      'services/hund-anmelden.yml at id: duplicate service id "hund-anmelden", already defined in services/hund-anmelden.yaml',
    );
  });

  it('rejects a file named differently from the id inside it', () => {
    const dir = catalogueDir({
      'services/hund.yaml': 'id: hund-abmelden\ntitle: { de: Hund }\nsummary: { de: Kurz. }\n',
    });
    expect(loadError(dir).message).toContain(
      'services/hund.yaml at id: id "hund-abmelden" does not match the file name (expected "hund")',
    );
  });

  it('rejects two offices with the same id', () => {
    const dir = catalogueDir({
      'offices.yaml': '- id: rathaus\n  name: { de: Rathaus }\n- id: rathaus\n  name: { de: Altes Rathaus }\n',
    });
    expect(loadError(dir).message).toContain('offices.yaml at [1].id: duplicate office id "rathaus"');
  });

  it('lists every problem at once', () => {
    const dir = catalogueDir({
      'catalogue.yaml': 'version: 3\nname: T\ncity: T\nlanguages: [de]\n',
      'services/a.yaml': 'id: a\ntitle: { de: A }\nsummary: { de: A. }\nofficeIds: [nirgends]\n',
    });
    const { problems } = loadError(dir);
    expect(problems.map((p) => p.file)).toEqual(['catalogue.yaml', 'services/a.yaml']);
  });
});

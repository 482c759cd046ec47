import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CATALOGUE_DIR, loadCatalogueDir } from '../../src/catalogue/loadCatalogueDir.js';
import type { CompiledDialog } from '../../src/dialogs/CompiledDialog.js';
import { dialogJsonSchemas } from '../../src/dialogs/jsonSchemas.js';
import { DEFAULT_DIALOGS_DIR, DialogError, loadDialogsDir } from '../../src/dialogs/loadDialogsDir.js';

const REQUIRED_IDS = [
  'hund-anmelden',
  'bewohnerparkausweis',
  'besucherparkausweis',
  'handwerkerparkausweis',
  'urkunde-bestellen',
  'gewerbe-anmelden',
  'sondernutzung',
  'schulverpflegung',
  'wohnbaugrundstueck-bewerbung',
  'zaehlerstand-melden',
];

const serviceIds = new Set(loadCatalogueDir(DEFAULT_CATALOGUE_DIR).services.map((service) => service.id));

/** The computed values of a dialog for some answers, each seeing the ones before it (as the summary computes them). */
async function compute(dialog: CompiledDialog, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const computed: Record<string, unknown> = {};
  for (const value of dialog.definition.computed) {
    computed[value.id] = await dialog.expression(value.expression).evaluate({ ...values, ...computed });
  }
  return computed;
}

async function firedExits(dialog: CompiledDialog, values: Record<string, unknown>): Promise<number[]> {
  const fired: number[] = [];
  for (const [index, exit] of dialog.definition.exits.entries()) {
    if (await dialog.expression(exit.when).test(values)) fired.push(index);
  }
  return fired;
}

async function recipientsFor(dialog: CompiledDialog, values: Record<string, unknown>): Promise<string[]> {
  const chosen: string[] = [];
  for (const recipient of dialog.definition.recipients) {
    if (recipient.when !== undefined && !(await dialog.expression(recipient.when).test(values))) continue;
    chosen.push(recipient.copy ? `${recipient.id} (copy)` : recipient.id);
  }
  return chosen;
}

describe('default dialogs (Musterstadt)', () => {
  const { dialogs, recipients } = loadDialogsDir(DEFAULT_DIALOGS_DIR, { serviceIds });
  const byId = new Map(dialogs.map((dialog) => [dialog.id, dialog]));
  const dialog = (id: string): CompiledDialog => {
    const found = byId.get(id);
    if (!found) throw new Error(`no dialog ${id}`);
    return found;
  };

  it('loads every dialog the bot offers', () => {
    expect(REQUIRED_IDS.filter((id) => !byId.has(id))).toEqual([]);
  });

  it('applies only for services of the default catalogue, the dialog id being one of them', () => {
    const unknown = dialogs.flatMap((d) => d.definition.services.filter((id) => !serviceIds.has(id)));
    expect(unknown).toEqual([]);
    expect(dialog('urkunde-bestellen').definition.services).toEqual(['geburtsurkunde', 'eheurkunde', 'sterbeurkunde']);
    const others = dialogs.filter((d) => d.id !== 'urkunde-bestellen' && d.serviceId !== d.id).map((d) => d.id);
    expect(others).toEqual([]);
  });

  it('sends every application to known recipients', () => {
    const known = recipients.forTenant('default');
    const unknown = dialogs.flatMap((d) => d.definition.recipients.filter((r) => !(r.id in known)));
    expect(unknown).toEqual([]);
  });

  it('gives every dialog its own reference prefix', () => {
    const prefixes = dialogs.map((d) => d.definition.referencePrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('needs no identification only for meter readings', () => {
    const anonymous = dialogs.filter((d) => d.definition.trustLevel === 'none').map((d) => d.id);
    expect(anonymous).toEqual(['zaehlerstand-melden']);
  });

  it('gives every field aliases for corrections and every typed field an example', () => {
    const exampleTypes = new Set(['text', 'number', 'amount', 'date', 'email', 'phone', 'iban', 'vehiclePlate']);
    const missing: string[] = [];
    for (const d of dialogs) {
      for (const field of d.definition.fields) {
        const fields = field.type === 'group' ? [field, ...field.fields] : [field];
        for (const f of fields) {
          if (!f.aliases?.de.length || !f.aliases.en.length) missing.push(`${d.id}.${f.id}: aliases`);
          if (f.type !== 'group' && exampleTypes.has(f.type) && !f.example) missing.push(`${d.id}.${f.id}: example`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  describe('computes plausible values from sample answers', () => {
    const cases: { id: string; name: string; values: Record<string, unknown>; expected: Record<string, unknown> }[] = [
      {
        id: 'hund-anmelden',
        name: 'two dogs',
        values: {
          dogs: [
            { dangerous: false, reduction: 'none' },
            { dangerous: false, reduction: 'none' },
          ],
        },
        expected: { annualTax: 300, firstYearTax: 300 },
      },
      {
        id: 'hund-anmelden',
        name: 'an assistance dog, a shelter dog and a dangerous dog',
        values: {
          dogs: [
            { dangerous: false, reduction: 'assistance' },
            { dangerous: false, reduction: 'shelter' },
            { dangerous: true, reduction: 'none' },
          ],
        },
        expected: { annualTax: 720, firstYearTax: 600 },
      },
      {
        id: 'bewohnerparkausweis',
        name: 'two years at the full rate',
        values: { years: 'twoYears', reduction: 'none', startDate: '2027-03-01' },
        expected: { fee: 240, validUntil: '2029-02-28' },
      },
      {
        id: 'bewohnerparkausweis',
        name: 'one year at the reduced rate',
        values: { years: 'oneYear', reduction: 'disability', startDate: '2027-01-15' },
        expected: { fee: 60, validUntil: '2028-01-14' },
      },
      {
        id: 'besucherparkausweis',
        name: 'three booklets',
        values: { booklets: 3, boughtThisYear: 1 },
        expected: { fee: 75, dayPermits: 30 },
      },
      {
        id: 'handwerkerparkausweis',
        name: 'a year for two plates',
        values: { vehicles: [{ plate: 'MU-HW 1' }, { plate: 'MU-HW 2' }], period: 'year', startDate: '2027-01-01' },
        expected: { fee: 350, validUntil: '2027-12-31' },
      },
      {
        id: 'handwerkerparkausweis',
        name: 'half a year for one plate',
        values: { vehicles: [{ plate: 'MU-HW 1' }], period: 'halfYear', startDate: '2027-01-01' },
        expected: { fee: 150, validUntil: '2027-06-30' },
      },
      {
        id: 'urkunde-bestellen',
        name: 'three birth certificates',
        values: { kind: 'birth', copies: 3 },
        expected: { fee: 24 },
      },
      {
        id: 'urkunde-bestellen',
        name: 'four death certificates, one of them for the pension insurance',
        values: { kind: 'death', copies: 4, freeCopies: 1 },
        expected: { fee: 24 },
      },
      {
        id: 'urkunde-bestellen',
        name: 'death certificates only for social benefit agencies',
        values: { kind: 'death', copies: 2, freeCopies: 2 },
        expected: { fee: 0 },
      },
      {
        id: 'urkunde-bestellen',
        name: 'a birth certificate after the kind was changed from death (stale answer ignored)',
        values: { kind: 'birth', copies: 1, freeCopies: 1 },
        expected: { fee: 12 },
      },
      {
        id: 'gewerbe-anmelden',
        name: 'a sole proprietorship',
        values: { legalForm: 'sole' },
        expected: { fee: 30 },
      },
      {
        id: 'gewerbe-anmelden',
        name: 'a GbR with two further partners',
        values: { legalForm: 'gbr', partners: [{ partnerName: {} }, { partnerName: {} }] },
        expected: { fee: 60 },
      },
      {
        id: 'gewerbe-anmelden',
        name: 'a GmbH after the legal form was changed from GbR (stale partners ignored)',
        values: { legalForm: 'gmbhUg', partners: [{ partnerName: {} }] },
        expected: { fee: 30 },
      },
      {
        id: 'sondernutzung',
        name: 'scaffolding of 20 m² for three weeks',
        values: { purpose: 'scaffolding', area: 20, fromDate: '2027-03-01', toDate: '2027-03-21' },
        expected: { days: 21, adminFee: 30, usageCharge: 60, totalFee: 90 },
      },
      {
        id: 'sondernutzung',
        name: 'outdoor seating of 12 m² for a season',
        values: { purpose: 'outdoorSeating', area: 12, fromDate: '2027-04-01', toDate: '2027-10-31' },
        expected: { days: 214, adminFee: 150, usageCharge: 300, totalFee: 450 },
      },
      {
        id: 'sondernutzung',
        name: 'a no-parking zone for a removal',
        values: { purpose: 'movingNoParking', zoneLength: 15, fromDate: '2027-03-06', toDate: '2027-03-06' },
        expected: { days: 1, adminFee: 35, usageCharge: 0, totalFee: 35 },
      },
      {
        id: 'schulverpflegung',
        name: 'siblings at a primary and a secondary school',
        values: { children: [{ school: 'gsNord' }, { school: 'gymnasium' }], butEntitled: false },
        expected: { pricePerDay: 8.8 },
      },
      {
        id: 'schulverpflegung',
        name: 'a child with education and participation benefits',
        values: { children: [{ school: 'gsAmMarkt' }], butEntitled: true },
        expected: { pricePerDay: 0 },
      },
      {
        id: 'wohnbaugrundstueck-bewerbung',
        name: 'a couple with two children, seven years in town and voluntary work',
        values: {
          jointApplication: true,
          householdSize: 4,
          children: 2,
          careOrDisability: false,
          yearsLocal: 7,
          volunteer: true,
          income: 90000,
        },
        expected: { incomeLimit: 130000, points: 95 },
      },
    ];

    it.each(cases)('$id: $name', async ({ id, values, expected }) => {
      expect(await compute(dialog(id), values)).toEqual(expected);
    });

    it('has a sample for every dialog with computed values', () => {
      const sampled = new Set(cases.map((sample) => sample.id));
      const missing = dialogs.filter((d) => d.definition.computed.length > 0 && !sampled.has(d.id)).map((d) => d.id);
      expect(missing).toEqual([]);
    });
  });

  describe('stops and routes by the answers', () => {
    it('stops a Bewohnerparkausweis without main residence or with an own parking space', async () => {
      const d = dialog('bewohnerparkausweis');
      expect(
        await firedExits(d, { zone: 'zoneC', mainResidence: true, lightVehicle: true, ownParking: false }),
      ).toEqual([]);
      expect(await firedExits(d, { zone: 'zoneC', mainResidence: false })).toHaveLength(1);
      expect(await firedExits(d, { zone: 'none' })).toHaveLength(1);
      expect(await firedExits(d, { zone: 'zoneA', mainResidence: true, ownParking: true })).toHaveLength(1);
    });

    it('stops a certificate order for another registry office or an archived entry, and not before the date', async () => {
      const d = dialog('urkunde-bestellen');
      expect(await firedExits(d, { kind: 'birth' })).toEqual([]);
      expect(await firedExits(d, { kind: 'birth', recordedHere: false })).toHaveLength(1);
      expect(await firedExits(d, { kind: 'birth', recordedHere: true, eventDate: '1990-05-14' })).toEqual([]);
      expect(await firedExits(d, { kind: 'death', recordedHere: true, eventDate: '1960-05-14' })).toHaveLength(1);
    });

    it('stops a building plot application above the income limit or with property', async () => {
      const d = dialog('wohnbaugrundstueck-bewerbung');
      const household = { jointApplication: false, children: 1 };
      expect(await firedExits(d, { ...household, income: 65000 })).toEqual([]);
      expect(await firedExits(d, { ...household, income: 65001 })).toHaveLength(1);
      expect(await firedExits(d, { ...household, ownsProperty: true })).toHaveLength(1);
    });

    it('sends a trade registration to the right chamber and to the employment agency only with employees', async () => {
      const d = dialog('gewerbe-anmelden');
      expect(await recipientsFor(d, { craft: 'none', employeesFullTime: 0, employeesPartTime: 0 })).toEqual([
        'gewerbeamt',
        'finanzamt (copy)',
        'ihk (copy)',
        'statistisches-landesamt (copy)',
      ]);
      expect(await recipientsFor(d, { craft: 'licensed', employeesFullTime: 1, employeesPartTime: 2 })).toEqual([
        'gewerbeamt',
        'finanzamt (copy)',
        'hwk (copy)',
        'statistisches-landesamt (copy)',
        'agentur-fuer-arbeit (copy)',
      ]);
    });

    it('sends a removal no-parking zone to the Road Traffic Authority, other uses to the Civil Engineering Office', async () => {
      const d = dialog('sondernutzung');
      expect(await recipientsFor(d, { purpose: 'movingNoParking' })).toEqual(['strassenverkehrsbehoerde']);
      expect(await recipientsFor(d, { purpose: 'container', placement: 'parkingLane' })).toEqual([
        'tiefbauamt',
        'strassenverkehrsbehoerde (copy)',
      ]);
      expect(await recipientsFor(d, { purpose: 'outdoorSeating', placement: 'pavement' })).toEqual(['tiefbauamt']);
    });
  });

  it("lowers file fields to the channels' upload limit", () => {
    const limited = loadDialogsDir(DEFAULT_DIALOGS_DIR, { serviceIds, maxUploadBytes: 2048 }).dialogs;
    const fileFields = limited.flatMap((each) =>
      each.definition.fields
        .flatMap((top) => (top.type === 'group' ? top.fields : [top]))
        .filter((f) => f.type === 'file'),
    );
    expect(fileFields.length).toBeGreaterThan(5);
    expect(fileFields.map((field) => (field.type === 'file' ? field.maxBytes : 0))).toEqual(fileFields.map(() => 2048));
  });

  it('keeps the generated JSON Schema files up to date (npm run dialogs:schema)', () => {
    for (const [file, schema] of Object.entries(dialogJsonSchemas())) {
      expect(JSON.parse(readFileSync(join(DEFAULT_DIALOGS_DIR, file), 'utf8')), file).toEqual(schema);
    }
  });
});

describe('loadDialogsDir on broken dialogs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A small valid dialog; `replace` swaps lines by their start, e.g. `{ 'id:': 'id: other' }`. */
  function dialogYaml(id: string, replace: Record<string, string> = {}): string {
    const lines = [
      'version: 1',
      `id: ${id}`,
      'services: [hund-anmelden]',
      'title: { de: Test, en: Test }',
      'referencePrefix: TE',
      'trustLevel: low',
      'intro: { de: Ein Test. }',
      'fields:',
      '  - id: colour',
      '    type: text',
      '    label: { de: Farbe }',
      '    prompt: { de: Welche Farbe? }',
      '  - id: size',
      '    type: number',
      '    when: colour = "rot"',
      '    label: { de: Größe }',
      '    prompt: { de: Wie groß? }',
      'computed:',
      '  - id: double',
      '    type: number',
      '    label: { de: Doppelt }',
      '    expression: size * 2',
      'privacyNotice: { de: Datenschutz. }',
      'confirmation: { de: Bestätigt. }',
      'nextSteps: { de: Weiter. }',
      'recipients:',
      '  - id: steueramt',
    ];
    return lines
      .map((line) => {
        const key = Object.keys(replace).find((start) => line.startsWith(start));
        return key === undefined ? line : (replace[key] ?? line);
      })
      .join('\n')
      .concat('\n');
  }

  /** A folder with the default recipients and the given files. */
  function dialogsDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-dialogs-'));
    dirs.push(dir);
    copyFileSync(join(DEFAULT_DIALOGS_DIR, 'recipients.yaml'), join(dir, 'recipients.yaml'));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  }

  function loadError(dir: string): DialogError {
    try {
      loadDialogsDir(dir, { serviceIds });
    } catch (error) {
      if (error instanceof DialogError) return error;
      throw error;
    }
    throw new Error('expected the dialogs to be rejected');
  }

  it("gives a tenant its own recipients in place of the installation's, and refuses ones the dialogs never name", () => {
    const dir = dialogsDir({ 'test.yaml': dialogYaml('test') });
    const installation = readFileSync(join(dir, 'recipients.yaml'), 'utf8');
    const own = (id: string) =>
      `${installation}tenants:\n  musterdorf:\n    recipients:\n      ${id}: { name: { de: Kämmerei Musterdorf }, delivery: { type: folder, path: musterdorf-kaemmerei } }\n`;
    writeFileSync(join(dir, 'recipients.yaml'), own('steueramt'));
    const { recipients } = loadDialogsDir(dir, { serviceIds });
    expect(recipients.forTenant('musterdorf').steueramt?.name.de).toBe('Kämmerei Musterdorf');
    expect(recipients.forTenant('musterdorf').ordnungsamt?.name.de).toBe('Ordnungsamt Musterstadt');
    expect(recipients.forTenant('beispielstadt').steueramt?.name.de).toBe('Steueramt Musterstadt');
    expect(recipients.deliveryId('musterdorf', 'steueramt')).toBe('musterdorf/steueramt');
    expect(recipients.deliveryId('musterdorf', 'ordnungsamt')).toBe('ordnungsamt');
    expect(recipients.deliveryId('beispielstadt', 'steueramt')).toBe('steueramt');
    expect(recipients.byDeliveryId()['musterdorf/steueramt']?.delivery).toEqual({
      type: 'folder',
      path: 'musterdorf-kaemmerei',
    });
    expect(recipients.byDeliveryId().steueramt?.name.de).toBe('Steueramt Musterstadt');

    writeFileSync(join(dir, 'recipients.yaml'), own('kaemmerei'));
    expect(loadError(dir).problems).toEqual([
      {
        file: 'recipients.yaml',
        path: 'tenants.musterdorf.recipients.kaemmerei',
        reason: `"kaemmerei" is not one of the installation's recipients, which a tenant's replace`,
      },
    ]);
  });

  it('loads the small dialog the other cases break', () => {
    const { dialogs } = loadDialogsDir(dialogsDir({ 'test.yaml': dialogYaml('test') }), { serviceIds });
    expect(dialogs.map((d) => d.id)).toEqual(['test']);
  });

  it('names file, path and reason of a schema violation', () => {
    const error = loadError(
      dialogsDir({ 'test.yaml': dialogYaml('test', { referencePrefix: 'referencePrefix: te' }) }),
    );
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'referencePrefix', reason: 'two to four capital letters' },
    ]);
    expect(error.message).toContain('test.yaml at referencePrefix: two to four capital letters');
  });

  it('catches a text split in two by a comma in a flow mapping', () => {
    const error = loadError(
      dialogsDir({ 'test.yaml': dialogYaml('test', { 'title:': 'title: { de: Hunde, Katzen und Mäuse, en: Pets }' }) }),
    );
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'title', reason: expect.stringMatching(/Unrecognized key.*Katzen und Mäuse/) },
    ]);
  });

  it('rejects an expression that does not parse', () => {
    const error = loadError(dialogsDir({ 'test.yaml': dialogYaml('test', { '    when:': '    when: colour = ' }) }));
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'expression "colour ="', reason: expect.stringMatching(/\S/) },
    ]);
  });

  it('rejects an expression naming an unknown field', () => {
    const error = loadError(
      dialogsDir({ 'test.yaml': dialogYaml('test', { '    expression:': '    expression: weight * 2' }) }),
    );
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'expression "weight * 2"', reason: '"weight" is no field or computed value' },
    ]);
  });

  it('rejects an unknown recipient', () => {
    const error = loadError(dialogsDir({ 'test.yaml': dialogYaml('test', { '  - id: steueramt': '  - id: nobody' }) }));
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'recipients[0].id', reason: 'unknown recipient "nobody" (not in recipients.yaml)' },
    ]);
  });

  it('rejects a service that is not in the catalogue', () => {
    const error = loadError(
      dialogsDir({ 'test.yaml': dialogYaml('test', { 'services:': 'services: [hund-kaufen]' }) }),
    );
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'services[0]', reason: 'unknown catalogue entry "hund-kaufen"' },
    ]);
  });

  it('rejects a bad regular expression', () => {
    const yaml = dialogYaml('test', { '    type: text': "    type: text\n    pattern: '[0-9'" });
    const error = loadError(dialogsDir({ 'test.yaml': yaml }));
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'fields[0].pattern', reason: expect.stringContaining('invalid regular expression') },
    ]);
  });

  it('names the line of a YAML syntax error', () => {
    const error = loadError(dialogsDir({ 'test.yaml': dialogYaml('test', { 'title:': 'title: { de: Test' }) }));
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: expect.stringMatching(/^line \d+, column \d+$/), reason: expect.stringMatching(/\S/) },
    ]);
  });

  it('rejects two dialogs with the same id', () => {
    const error = loadError(
      dialogsDir({ 'test.json': JSON.stringify(parseYaml(dialogYaml('test'))), 'test.yaml': dialogYaml('test') }),
    );
    expect(error.problems).toEqual([
      { file: 'test.yaml', path: 'id', reason: 'duplicate dialog id "test", already defined in test.json' },
    ]);
  });

  it('rejects a file named differently from the id inside it', () => {
    const error = loadError(dialogsDir({ 'other.yaml': dialogYaml('test') }));
    expect(error.problems).toEqual([
      { file: 'other.yaml', path: 'id', reason: 'id "test" does not match the file name ("other")' },
    ]);
  });

  it('reports the problems of all files at once', () => {
    const error = loadError(
      dialogsDir({
        'a.yaml': dialogYaml('a', { 'trustLevel:': 'trustLevel: medium' }),
        'b.yaml': dialogYaml('b', { '  - id: steueramt': '  - id: nobody' }),
      }),
    );
    expect(error.problems.map((problem) => `${problem.file} ${problem.path}`)).toEqual([
      'a.yaml trustLevel',
      'b.yaml recipients[0].id',
    ]);
  });
});

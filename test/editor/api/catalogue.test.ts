import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { packageRoot } from '../../../src/packageRoot.js';
import { type EditorApiHarness, startEditorApi } from './harness.js';

/** The City of Munich's DLDB export (read-only shared data, never copied into the repository). */
const MUNICH = join(packageRoot(), '..', 'shared', 'data', 'munich-dldb');
const Export = z.object({ data: z.array(z.looseObject({ id: z.union([z.string(), z.number()]) })) });
const Located = z.looseObject({ locations: z.array(z.object({ location: z.union([z.string(), z.number()]) })) });

function readExport(file: string): { text: string; records: z.infer<typeof Export>['data'] } {
  const text = readFileSync(join(MUNICH, file), 'utf8');
  return { text, records: Export.parse(JSON.parse(text)).data };
}

describe('editor API: catalogue', () => {
  let h: EditorApiHarness;
  beforeAll(async () => {
    h = await startEditorApi();
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists and searches the draft catalogue, and reads one entry', async () => {
    const found = await h.call('eddi', 'GET', '/api/editor/catalogue/services?q=parkausweis');
    expect(found.status).toBe(200);
    const services = (found.json as { services: { id: string; title: string; leika: string[] }[] }).services;
    expect(services.map((service) => service.id)).toEqual(
      expect.arrayContaining(['bewohnerparkausweis', 'besucherparkausweis']),
    );
    expect(services.every((service) => /parkausweis/i.test(`${service.id} ${service.title}`))).toBe(true);
    const one = await h.call('eddi', 'GET', '/api/editor/catalogue/services/reisepass');
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: 'reisepass', title: { de: expect.any(String) } });
    expect((await h.call('eddi', 'GET', '/api/editor/catalogue/services/gibtesnicht')).status).toBe(404);
  });

  it('replaces and creates entries, checked against the catalogue schema, and audits them', async () => {
    const current = (await h.call('eddi', 'GET', '/api/editor/catalogue/services/reisepass')).json as {
      title: { de: string };
    };
    const changed = { ...current, title: { de: 'Reisepass beantragen' } };
    const replaced = await h.call('eddi', 'PUT', '/api/editor/catalogue/services/reisepass', changed);
    expect(replaced.status).toBe(200);
    expect((await h.storage.catalogue.findService('reisepass'))?.title.de).toBe('Reisepass beantragen');

    const created = await h.call('eddi', 'PUT', '/api/editor/catalogue/services/baumfaellung', {
      id: 'baumfaellung',
      title: { de: 'Baumfällung beantragen' },
      summary: { de: 'Für das Fällen geschützter Bäume braucht es eine Genehmigung.' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: 'baumfaellung',
      leika: [],
      officeIds: [],
      source: { kind: 'editor', id: 'baumfaellung' },
    });
    const entries = await h.storage.audit.listAudit({ action: 'editor.service.saved' });
    expect(entries.map((entry) => entry.details)).toEqual([
      { serviceId: 'baumfaellung', created: true },
      { serviceId: 'reisepass', created: false },
    ]);
    expect(entries[0]).toMatchObject({ actorId: h.userId('eddi'), actorName: 'eddi' });
  });

  it('refuses an entry whose id differs from the path, that breaks the schema or names unknown offices', async () => {
    const base = { title: { de: 'Test' }, summary: { de: 'Test' } };
    const otherId = await h.call('eddi', 'PUT', '/api/editor/catalogue/services/eins', { ...base, id: 'zwei' });
    expect(otherId.status).toBe(400);
    expect(otherId.json).toMatchObject({ issues: [expect.objectContaining({ path: ['id'] })] });
    const badLeika = await h.call('eddi', 'PUT', '/api/editor/catalogue/services/eins', {
      ...base,
      id: 'eins',
      leika: ['123'],
    });
    expect(badLeika.status).toBe(400);
    expect(badLeika.json).toMatchObject({ issues: [expect.objectContaining({ path: ['leika', 0] })] });
    const badOffice = await h.call('eddi', 'PUT', '/api/editor/catalogue/services/eins', {
      ...base,
      id: 'eins',
      officeIds: ['nirgendwo'],
    });
    expect(badOffice.status).toBe(400);
    expect(badOffice.json).toMatchObject({ issues: [expect.objectContaining({ path: ['officeIds', 0] })] });
    expect(await h.storage.catalogue.findService('eins')).toBeUndefined();
  });

  it('imports a few services of the Munich DLDB export with the offices they name', async () => {
    const services = readExport('services_de.json').records.slice(0, 3);
    const wanted = new Set(
      services.flatMap((record) => Located.parse(record).locations.map((l) => String(l.location))),
    );
    const locations = readExport('locations_de.json').records.filter((record) => wanted.has(String(record.id)));
    const reply = await h.call('eddi', 'POST', '/api/editor/catalogue/import', {
      services: { data: services },
      locations: { data: locations },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ services: 3, offices: locations.length, warnings: expect.any(Array) });
    const imported = await h.storage.catalogue.findService(String(services[0]?.id));
    expect(imported).toMatchObject({
      source: { kind: 'dldb' },
      officeIds: expect.arrayContaining([expect.any(String)]),
    });
    // The default catalogue is still there: without `replace` entries are only added or replaced.
    expect(await h.storage.catalogue.findService('bewohnerparkausweis')).toBeDefined();
    const [entry] = await h.storage.audit.listAudit({ action: 'editor.catalogue.imported' });
    expect(entry).toMatchObject({ actorName: 'eddi', details: { source: 'dldb', replace: false, services: 3 } });
  });

  it('refuses a file that is no DLDB export', async () => {
    const reply = await h.call('eddi', 'POST', '/api/editor/catalogue/import', { services: { hello: 'world' } });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('DLDB') });
  });

  it('takes the whole Munich export in one request and can replace the catalogue with it', async () => {
    const services = readExport('services_de.json');
    const locations = readExport('locations_de.json');
    // As the browser sends it: both files' text inside one JSON body (about 2.4 MB).
    const rawBody = `{"services":${services.text},"locations":${locations.text},"replace":true}`;
    expect(rawBody.length).toBeGreaterThan(2_000_000);
    const reply = await h.call('eddi', 'POST', '/api/editor/catalogue/import', undefined, { rawBody });
    expect(reply.status).toBe(200);
    const result = reply.json as { services: number; offices: number; warnings: string[] };
    expect(result.services).toBeGreaterThan(200);
    expect(result.offices).toBeGreaterThan(50);
    // The default entries are gone, so their service intents are reported: those that train Munich's entry of the
    // same name from now on, and those left without any.
    expect(await h.storage.catalogue.findService('bewohnerparkausweis')).toBeUndefined();
    const carried = result.warnings.find((warning) => warning.includes('train the entry of the same name'));
    expect(carried).toContain('service.bewohnerparkausweis → 1072043');
    expect(carried).not.toContain('service.jaegerpruefung');
    const orphaned = result.warnings.find((warning) => warning.includes('have no catalogue entry now'));
    expect(orphaned).toContain('service.jaegerpruefung');
    expect(orphaned).not.toContain('service.bewohnerparkausweis');
    expect((await h.storage.catalogue.listServices()).length).toBe(result.services);
  });

  it('lists the form dialogs with the entries they apply for', async () => {
    const reply = await h.call('eddi', 'GET', '/api/editor/dialogs');
    expect(reply.status).toBe(200);
    expect((reply.json as { dialogs: unknown[] }).dialogs).toContainEqual({
      id: 'urkunde-bestellen',
      title: expect.any(String),
      serviceId: 'geburtsurkunde',
      services: ['geburtsurkunde', 'eheurkunde', 'sterbeurkunde'],
    });
  });
});

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryNetwork } from '../../src/cluster/SoloCluster.js';
import { ServiceHours } from '../../src/handover/ServiceHours.js';
import { createLogger } from '../../src/logger.js';
import type { Storage, TenantRepository } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { type InstallationDefaults, offersDialog, TenantDirectory } from '../../src/tenants/TenantDirectory.js';

/** The installation's settings from the environment, as a regional data centre would set them. */
const DEFAULTS: InstallationDefaults = {
  city: 'Musterstadt',
  privacyUrl: '/datenschutz',
  searchUrl: 'https://www.musterstadt.de/suche',
  allowedOrigins: ['https://www.musterstadt.de'],
  serviceHours: { state: 'BY', weekly: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '18:00' }] },
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storage(): Storage {
  const opened = openSqliteStorage(':memory:');
  cleanups.push(() => opened.close());
  return opened;
}

/** A started directory; `refreshMs` long enough that only what a test does makes it read again, unless given. */
async function directory(
  tenants: TenantRepository,
  options: { bus?: MemoryNetwork; refreshMs?: number; logs?: string[] } = {},
): Promise<TenantDirectory> {
  const logs = options.logs;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs?.push(chunk.toString());
      done();
    },
  });
  const started = new TenantDirectory({
    tenants,
    defaults: DEFAULTS,
    bus: options.bus?.join().bus,
    refreshMs: options.refreshMs ?? 3_600_000,
    logger: createLogger(logs ? 'warn' : 'silent', sink),
  });
  await started.start();
  cleanups.push(() => started.stop());
  return started;
}

describe('TenantDirectory', () => {
  it('fills every setting a tenant leaves out from the installation', async () => {
    const { tenants } = storage();
    const tenantsOf = await directory(tenants);
    expect(tenantsOf.fallback).toEqual({
      id: 'default',
      name: 'Musterstadt',
      privacyUrl: '/datenschutz',
      searchUrl: 'https://www.musterstadt.de/suche',
      allowedOrigins: ['https://www.musterstadt.de'],
      branding: {},
      botIds: [],
      serviceHours: expect.any(ServiceHours),
      dialogs: undefined,
      hiddenServices: new Set(),
      retention: {},
    });
    expect(tenantsOf.get('default')).toEqual(tenantsOf.fallback);
  });

  it('a tenant’s own settings win; its origins come on top of the installation’s', async () => {
    const { tenants } = storage();
    await tenants.saveTenant('ebersberg', {
      name: 'Stadt Ebersberg',
      privacyUrl: 'https://www.ebersberg.de/datenschutz',
      allowedOrigins: ['https://www.ebersberg.de', 'https://www.musterstadt.de'],
      branding: { title: 'Ebersberg fragt', color: '#1a6b3c' },
    });
    const tenantsOf = await directory(tenants);
    expect(tenantsOf.get('ebersberg')).toEqual({
      id: 'ebersberg',
      name: 'Stadt Ebersberg',
      privacyUrl: 'https://www.ebersberg.de/datenschutz',
      searchUrl: 'https://www.musterstadt.de/suche',
      allowedOrigins: ['https://www.musterstadt.de', 'https://www.ebersberg.de'],
      branding: { title: 'Ebersberg fragt', color: '#1a6b3c' },
      botIds: [],
      // The installation's hours, the very object the default tenant has.
      serviceHours: tenantsOf.fallback.serviceHours,
      dialogs: undefined,
      hiddenServices: new Set(),
      retention: {},
    });
    expect(tenantsOf.list().map((tenant) => tenant.id)).toEqual(['default', 'ebersberg']);
    expect(tenantsOf.allOrigins().sort()).toEqual(['https://www.ebersberg.de', 'https://www.musterstadt.de']);
  });

  it('gives a tenant its own hours, Land, dialogs, hidden services and retention periods', async () => {
    const { tenants } = storage();
    await tenants.saveTenant('grafing', {
      serviceHours: 'mo-th 08:00-12:00',
      dialogs: ['zaehlerstand'],
      hiddenServices: ['bewohnerparkausweis'],
      retention: { transcriptDays: 30 },
    });
    await tenants.saveTenant('erfurt', { state: 'TH' }); // the installation's hours, Thuringia's holidays
    await tenants.saveTenant('kiosk', { serviceHours: 'always' });
    const tenantsOf = await directory(tenants);
    const grafing = tenantsOf.get('grafing');
    expect(grafing?.serviceHours?.describe('de')).toEqual(['Mo–Do 08:00–12:00']);
    expect(grafing?.serviceHours?.config).toMatchObject({ state: 'BY', timeZone: 'Europe/Berlin' });
    expect(grafing?.dialogs).toEqual(new Set(['zaehlerstand']));
    expect(grafing && offersDialog(grafing, 'zaehlerstand')).toBe(true);
    expect(grafing && offersDialog(grafing, 'hund-anmelden')).toBe(false);
    expect(offersDialog(tenantsOf.fallback, 'hund-anmelden')).toBe(true);
    expect(grafing?.hiddenServices).toEqual(new Set(['bewohnerparkausweis']));
    expect(grafing?.retention).toEqual({ transcriptDays: 30 });
    // Reformationstag (31 October) is a holiday in Thuringia, not in Bavaria: a Friday in 2025.
    const reformationDay = new Date('2025-10-31T09:00:00Z');
    expect(tenantsOf.get('erfurt')?.serviceHours?.isOpen(reformationDay)).toBe(false);
    expect(tenantsOf.fallback.serviceHours?.isOpen(reformationDay)).toBe(true);
    expect(tenantsOf.get('kiosk')?.serviceHours).toBeUndefined();
  });

  it('refuses hours it cannot read, with the reason', async () => {
    const { tenants } = storage();
    await expect(tenants.saveTenant('grafing', { serviceHours: 'montags 8-12' })).rejects.toThrow(/montags 8-12/);
    await expect(tenants.saveTenant('grafing', { serviceHours: 'mo 12:00-08:00' })).rejects.toThrow(
      /12:00-08:00: a slot must close after it opens/,
    );
  });

  it("points a tenant without links of its own at GovBot's own pages for it, other installation links as they are", async () => {
    const { tenants } = storage();
    await tenants.saveTenant('ebersberg', { name: 'Stadt Ebersberg' });
    // The installation's privacy notice is GovBot's own page, its search a page of the city's portal.
    const tenantsOf = await directory(tenants);
    expect(tenantsOf.get('ebersberg')).toMatchObject({
      privacyUrl: '/datenschutz?tenant=ebersberg',
      searchUrl: 'https://www.musterstadt.de/suche',
    });
    expect(tenantsOf.fallback).toMatchObject({ privacyUrl: '/datenschutz' });
  });

  it('knows no tenant the database does not have', async () => {
    const { tenants } = storage();
    const tenantsOf = await directory(tenants);
    expect(tenantsOf.get('muenchen')).toBeUndefined();
    expect(tenantsOf.get('')).toBeUndefined();
    // Where a tenant must be had (a conversation of a tenant removed since), the default one stands in.
    expect(tenantsOf.getOrDefault('muenchen')).toBe(tenantsOf.fallback);
  });

  it('finds the tenant a Bot Framework bot answers for; a bot no tenant claims is the default tenant’s', async () => {
    const { tenants } = storage();
    await tenants.saveTenant('ebersberg', { botIds: ['28:ebersberg-bot', 'ebersberg-app'] });
    await tenants.saveTenant('aying', { botIds: ['28:aying-bot'] });
    const tenantsOf = await directory(tenants);
    expect(tenantsOf.byBotId('28:ebersberg-bot').id).toBe('ebersberg');
    expect(tenantsOf.byBotId('ebersberg-app').id).toBe('ebersberg');
    expect(tenantsOf.byBotId('28:aying-bot').id).toBe('aying');
    expect(tenantsOf.byBotId('28:unknown-bot').id).toBe('default');
    expect(tenantsOf.byBotId(undefined).id).toBe('default');
  });

  it('has the default tenant even when the database has no row for it', async () => {
    const tenantsOf = await directory({
      listTenants: async () => [{ id: 'aying', settings: { name: 'Gemeinde Aying' }, createdAt: '', updatedAt: '' }],
      findTenant: async () => undefined,
      saveTenant: () => Promise.reject(new Error('read only')),
    });
    expect(tenantsOf.fallback).toMatchObject({ id: 'default', name: 'Musterstadt' });
    expect(tenantsOf.list().map((tenant) => tenant.id)).toEqual(['default', 'aying']);
    expect(tenantsOf.byBotId('anything').id).toBe('default');
  });

  it('changed() reads the tenants again at once and makes the other instances read them too', async () => {
    const shared = storage();
    const network = new MemoryNetwork();
    const here = await directory(shared.tenants, { bus: network });
    const there = await directory(shared.tenants, { bus: network });
    const elsewhere = await directory(shared.tenants, { bus: new MemoryNetwork() });

    await shared.tenants.saveTenant('muenchen', { name: 'Landeshauptstadt München', botIds: ['muenchen-bot'] });
    expect(here.get('muenchen')).toBeUndefined();
    await here.changed();

    expect(here.get('muenchen')?.name).toBe('Landeshauptstadt München');
    await vi.waitFor(() => expect(there.get('muenchen')?.name).toBe('Landeshauptstadt München'));
    expect(there.byBotId('muenchen-bot').id).toBe('muenchen');
    // Not on the network: it learns of the change only when it reads again by itself.
    expect(elsewhere.get('muenchen')).toBeUndefined();
  });

  it('reads the tenants again by itself every refreshMs', async () => {
    const { tenants } = storage();
    const tenantsOf = await directory(tenants, { refreshMs: 20 });
    await tenants.saveTenant('aying', { name: 'Gemeinde Aying' });
    await vi.waitFor(() => expect(tenantsOf.get('aying')?.name).toBe('Gemeinde Aying'));
  });

  it('keeps the tenants it knows when reading them again fails, and says so', async () => {
    const { tenants } = storage();
    await tenants.saveTenant('aying', { name: 'Gemeinde Aying' });
    let failing = false;
    const logs: string[] = [];
    const tenantsOf = await directory(
      {
        listTenants: () => (failing ? Promise.reject(new Error('database is away')) : tenants.listTenants()),
        findTenant: (id) => tenants.findTenant(id),
        saveTenant: (id, settings) => tenants.saveTenant(id, settings),
      },
      { refreshMs: 20, logs },
    );
    failing = true;
    await vi.waitFor(() => expect(logs.join('')).toContain('reading them again failed'));
    expect(tenantsOf.get('aying')?.name).toBe('Gemeinde Aying');
  });
});

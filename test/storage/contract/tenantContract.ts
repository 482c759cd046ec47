import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Storage } from '../../../src/storage/repositories.js';
import type { TenantSettings } from '../../../src/tenants/types.js';
import { ISO_TIMESTAMP } from './fixtures.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** A district town with everything a tenant can set. */
const EBERSBERG: TenantSettings = {
  name: 'Stadt Ebersberg',
  privacyUrl: 'https://www.ebersberg.de/datenschutz',
  searchUrl: '/suche',
  allowedOrigins: ['https://www.ebersberg.de', 'http://localhost:8080'],
  branding: { title: 'Ebersberg fragt', color: '#1a6b3c', logo: 'https://www.ebersberg.de/logo.svg' },
  botIds: ['28:ebersberg-bot', 'ebersberg-app-id'],
};

export function tenantContract(storage: () => Storage): void {
  describe('tenants', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a fresh storage has the tenant default, with no settings of its own', async () => {
      const { tenants } = storage();
      const fallback = await tenants.findTenant('default');
      expect(fallback).toEqual({
        id: 'default',
        settings: {},
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(await tenants.listTenants()).toEqual([fallback]);
    });

    it('saves a tenant, finds it, and lists all tenants by id', async () => {
      const { tenants } = storage();
      const saved = await tenants.saveTenant('landkreis-ebersberg', EBERSBERG);
      expect(saved).toEqual({ id: 'landkreis-ebersberg', settings: EBERSBERG, createdAt: at(0), updatedAt: at(0) });
      await tenants.saveTenant('muenchen', { name: 'Landeshauptstadt München' });
      await tenants.saveTenant('aying', {});

      expect(await tenants.findTenant('landkreis-ebersberg')).toEqual(saved);
      expect(await tenants.findTenant('unknown')).toBeUndefined();
      expect((await tenants.listTenants()).map((tenant) => tenant.id)).toEqual([
        'aying',
        'default',
        'landkreis-ebersberg',
        'muenchen',
      ]);
    });

    it('keeps every setting exactly as saved', async () => {
      const { tenants } = storage();
      await tenants.saveTenant('landkreis-ebersberg', EBERSBERG);
      expect((await tenants.findTenant('landkreis-ebersberg'))?.settings).toStrictEqual(EBERSBERG);
      expect((await tenants.listTenants()).find((tenant) => tenant.id === 'landkreis-ebersberg')?.settings).toEqual(
        EBERSBERG,
      );
    });

    it('saving again replaces the settings as a whole, keeps createdAt and moves updatedAt', async () => {
      const { tenants } = storage();
      await tenants.saveTenant('landkreis-ebersberg', EBERSBERG);
      vi.setSystemTime(new Date(at(60_000)));
      const updated = await tenants.saveTenant('landkreis-ebersberg', { name: 'Landkreis Ebersberg' });
      expect(updated).toEqual({
        id: 'landkreis-ebersberg',
        settings: { name: 'Landkreis Ebersberg' },
        createdAt: at(0),
        updatedAt: at(60_000),
      });
      expect(await tenants.findTenant('landkreis-ebersberg')).toEqual(updated);
    });

    it('the default tenant can be given settings of its own', async () => {
      const { tenants } = storage();
      const before = await tenants.findTenant('default');
      const updated = await tenants.saveTenant('default', { name: 'Stadt Musterstadt' });
      expect(updated).toEqual({
        id: 'default',
        settings: { name: 'Stadt Musterstadt' },
        createdAt: before?.createdAt,
        updatedAt: at(0),
      });
      expect(await tenants.listTenants()).toEqual([updated]);
    });

    it('refuses an id that is not a slug, and stores nothing', async () => {
      const { tenants } = storage();
      for (const id of ['', 'München', 'Muenchen', '-muenchen', 'muenchen-', 'land kreis', 'a'.repeat(41)]) {
        await expect(tenants.saveTenant(id, {}), id).rejects.toThrow(/not a tenant id/);
      }
      expect((await tenants.listTenants()).map((tenant) => tenant.id)).toEqual(['default']);
    });

    it('refuses invalid settings, naming the tenant, and keeps the stored ones', async () => {
      const { tenants } = storage();
      await tenants.saveTenant('muenchen', { name: 'Landeshauptstadt München' });
      // Settings from a command line or a file may arrive unchecked: the repository is the last line. A key the schema
      // does not know (a typo) is refused too, not dropped.
      const withUnknownKey = { name: 'München', city: 'München' };
      const invalid: TenantSettings[] = [
        { allowedOrigins: ['https://www.muenchen.de/chat'] },
        { branding: { color: 'blau' } },
        { name: '  ' },
        withUnknownKey,
      ];
      for (const settings of invalid) {
        await expect(tenants.saveTenant('muenchen', settings), JSON.stringify(settings)).rejects.toThrow(
          /invalid settings for tenant muenchen/,
        );
      }
      expect((await tenants.findTenant('muenchen'))?.settings).toEqual({ name: 'Landeshauptstadt München' });
    });
  });
}

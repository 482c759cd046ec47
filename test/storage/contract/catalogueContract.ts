import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/repositories.js';
import { office, service } from './fixtures.js';

export function catalogueContract(storage: () => Storage): void {
  describe('catalogue', () => {
    it('starts empty', async () => {
      const { catalogue } = storage();
      expect(await catalogue.isEmpty()).toBe(true);
      expect(await catalogue.listServices()).toEqual([]);
      expect(await catalogue.listOffices()).toEqual([]);
      expect(await catalogue.findService('personalausweis')).toBeUndefined();
    });

    it('finds a saved service exactly as it was saved', async () => {
      const { catalogue } = storage();
      const saved = service('personalausweis');
      await catalogue.saveCatalogue({ services: [saved], offices: [office('buergerbuero')] }, { replace: false });
      expect(await catalogue.findService('personalausweis')).toEqual(saved);
      expect(await catalogue.findService('reisepass')).toBeUndefined();
      expect(await catalogue.isEmpty()).toBe(false);
    });

    it('lists services and offices sorted by id, whatever the order they were saved in', async () => {
      const { catalogue } = storage();
      const services = [service('wohnsitz-anmelden'), service('bewohnerparkausweis'), service('personalausweis')];
      const offices = [office('standesamt'), office('buergerbuero')];
      await catalogue.saveCatalogue({ services, offices }, { replace: false });
      expect((await catalogue.listServices()).map((s) => s.id)).toEqual([
        'bewohnerparkausweis',
        'personalausweis',
        'wohnsitz-anmelden',
      ]);
      expect(await catalogue.listOffices()).toEqual([office('buergerbuero'), office('standesamt')]);
    });

    it('upserts without replace: changed entries are updated, others kept', async () => {
      const { catalogue } = storage();
      await catalogue.saveCatalogue(
        { services: [service('personalausweis'), service('reisepass')], offices: [office('buergerbuero')] },
        { replace: false },
      );
      await catalogue.saveCatalogue(
        { services: [service('reisepass', 'Reisepass beantragen')], offices: [] },
        { replace: false },
      );
      expect(await catalogue.findService('reisepass')).toEqual(service('reisepass', 'Reisepass beantragen'));
      expect(await catalogue.findService('personalausweis')).toEqual(service('personalausweis'));
      expect(await catalogue.listOffices()).toEqual([office('buergerbuero')]);
    });

    it('deletes one service, and only of its own layer', async () => {
      const current = storage();
      const { catalogue } = current;
      const musterdorf = current.knowledgeOf('musterdorf').catalogue;
      await catalogue.saveCatalogue(
        { services: [service('reisepass'), service('hundesteuer')], offices: [] },
        {
          replace: false,
        },
      );
      await musterdorf.saveCatalogue(
        { services: [service('hundesteuer', 'Hundesteuer Musterdorf')], offices: [] },
        {
          replace: false,
        },
      );
      expect(await musterdorf.deleteService('reisepass')).toBe(false);
      expect(await musterdorf.deleteService('hundesteuer')).toBe(true);
      expect(await musterdorf.listServices()).toEqual([]);
      expect(await catalogue.listServices()).toEqual([service('hundesteuer'), service('reisepass')]);
      expect(await catalogue.deleteService('reisepass')).toBe(true);
      expect(await catalogue.deleteService('reisepass')).toBe(false);
      expect(await catalogue.listServices()).toEqual([service('hundesteuer')]);
    });

    it('with replace, the catalogue becomes exactly the one given', async () => {
      const { catalogue } = storage();
      await catalogue.saveCatalogue(
        { services: [service('personalausweis'), service('reisepass')], offices: [office('a'), office('b')] },
        { replace: false },
      );
      await catalogue.saveCatalogue(
        { services: [service('reisepass', 'Neu'), service('hundesteuer')], offices: [office('b', 'Neu')] },
        { replace: true },
      );
      expect(await catalogue.listServices()).toEqual([service('hundesteuer'), service('reisepass', 'Neu')]);
      expect(await catalogue.findService('personalausweis')).toBeUndefined();
      expect(await catalogue.listOffices()).toEqual([office('b', 'Neu')]);
    });

    it('replacing with an empty catalogue empties it', async () => {
      const { catalogue } = storage();
      await catalogue.saveCatalogue({ services: [service('reisepass')], offices: [office('a')] }, { replace: false });
      await catalogue.saveCatalogue({ services: [], offices: [] }, { replace: true });
      expect(await catalogue.isEmpty()).toBe(true);
    });

    it('rejects an invalid catalogue and keeps the stored one untouched', async () => {
      const { catalogue } = storage();
      await catalogue.saveCatalogue({ services: [service('reisepass')], offices: [office('a')] }, { replace: false });
      const invalid = { ...service('personalausweis'), id: 'Kein gültiger Schlüssel' };
      await expect(
        catalogue.saveCatalogue({ services: [service('hundesteuer'), invalid], offices: [] }, { replace: true }),
      ).rejects.toThrow(/id/);
      expect(await catalogue.listServices()).toEqual([service('reisepass')]);
      expect(await catalogue.listOffices()).toEqual([office('a')]);
    });
  });
}

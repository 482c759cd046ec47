import { describe, expect, it } from 'vitest';
import type { Service } from '../../../src/catalogue/schema.js';
import type { NewModelVersion } from '../../../src/editor/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

function service(id: string, title: string): Service {
  return {
    id,
    leika: [],
    title: { de: title },
    summary: { de: `${title} in wenigen Schritten` },
    legalBasis: [],
    officeIds: [],
    forms: [],
    links: [],
    synonyms: { de: [], en: [] },
  };
}

function version(fingerprint: string): NewModelVersion {
  return {
    publishedAt: new Date().toISOString(),
    publishedBy: 'cli',
    fingerprint,
    corporaHash: `corpora-${fingerprint}`,
    catalogueHash: `catalogue-${fingerprint}`,
  };
}

/** Each tenant's layer of the knowledge (docs/tenants.md) is its own: nothing of one is read through another's. */
export function knowledgeLayerContract(storage: () => Storage): void {
  describe('knowledge layers per tenant', () => {
    it("keeps a tenant's catalogue, corpora and versions apart from the shared layer and from other tenants", async () => {
      const current = storage();
      const shared = current.knowledgeOf('default');
      const musterdorf = current.knowledgeOf('musterdorf');
      const beispielstadt = current.knowledgeOf('beispielstadt');
      expect(shared.catalogue).toBe(current.catalogue);
      expect(current.knowledgeOf('musterdorf')).toBe(musterdorf);

      await shared.catalogue.saveCatalogue(
        { services: [service('hund-anmelden', 'Hund anmelden')], offices: [] },
        {
          replace: true,
        },
      );
      await musterdorf.catalogue.saveCatalogue(
        {
          services: [service('hund-anmelden', 'Hund anmelden in Musterdorf'), service('huehner', 'Hühner')],
          offices: [],
        },
        { replace: true },
      );
      // A tenant's `replace` replaces its own layer only.
      await beispielstadt.catalogue.saveCatalogue({ services: [], offices: [] }, { replace: true });
      expect((await shared.catalogue.listServices()).map((s) => s.title.de)).toEqual(['Hund anmelden']);
      expect((await musterdorf.catalogue.listServices()).map((s) => s.id)).toEqual(['huehner', 'hund-anmelden']);
      expect(await musterdorf.catalogue.findService('hund-anmelden')).toMatchObject({
        title: { de: 'Hund anmelden in Musterdorf' },
      });
      expect(await beispielstadt.catalogue.findService('huehner')).toBeUndefined();
      expect(await beispielstadt.catalogue.isEmpty()).toBe(true);

      const corpus = { version: 1 as const, name: 'Musterdorf', locale: 'de' as const, data: [] };
      await musterdorf.intents.saveCorpusFiles([{ path: 'de/musterdorf.json', corpus }]);
      expect(await shared.intents.isEmpty()).toBe(true);
      expect(await beispielstadt.intents.listCorpusFiles()).toEqual([]);
      expect(await musterdorf.intents.listCorpusFiles()).toEqual([{ path: 'de/musterdorf.json', corpus }]);

      // Versions are numbered per tenant, and each tenant's live version is its own.
      await shared.versions.publishVersion(version('shared-1'));
      await shared.versions.publishVersion(version('shared-2'));
      const own = await musterdorf.versions.publishVersion(version('musterdorf-1'));
      expect(own.version).toBe(1);
      expect((await shared.versions.liveVersion())?.fingerprint).toBe('shared-2');
      expect((await musterdorf.versions.liveVersion())?.fingerprint).toBe('musterdorf-1');
      expect(await musterdorf.versions.listVersions()).toHaveLength(1);
      expect(await beispielstadt.versions.liveVersion()).toBeUndefined();
    });
  });
}

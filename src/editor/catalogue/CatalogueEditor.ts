import { importDldb } from '../../catalogue/dldb.js';
import type { Service } from '../../catalogue/schema.js';
import { serviceIdOf } from '../../nlu/corpus.js';
import { normaliseText as fold } from '../../nlu/normaliseText.js';
import type { CatalogueRepository, IntentRepository } from '../../storage/repositories.js';

export interface ServiceSummary {
  id: string;
  title: string;
  leika: string[];
}

export type PutServiceResult =
  | { ok: true; service: Service; created: boolean }
  | { ok: false; issues: { path: (string | number)[]; message: string }[] };

export type ImportResult =
  | { ok: true; services: number; offices: number; warnings: string[] }
  | { ok: false; message: string };

/**
 * The draft catalogue as editors change it: single entries by hand, or a whole DLDB export uploaded from the browser.
 * Changes reach citizens only with the next published version.
 */
export class CatalogueEditor {
  constructor(private readonly options: { catalogue: CatalogueRepository; intents: IntentRepository }) {}

  /** Entries whose id, title (either language), LeiKa key or synonyms contain `q`; ordered by German title. */
  async list(q = ''): Promise<ServiceSummary[]> {
    const query = fold(q.trim());
    return (await this.options.catalogue.listServices())
      .filter(
        (service) =>
          !query ||
          [service.id, service.title.de, service.title.en ?? '', ...service.leika, ...service.synonyms.de]
            .concat(service.synonyms.en)
            .some((text) => fold(text).includes(query)),
      )
      .map((service) => ({ id: service.id, title: service.title.de, leika: service.leika }))
      .sort((a, b) => a.title.localeCompare(b.title, 'de'));
  }

  get(id: string): Promise<Service | undefined> {
    return this.options.catalogue.findService(id);
  }

  /** Creates or replaces one entry; its offices must exist. An entry without a source is marked as the editors'. */
  async put(service: Service): Promise<PutServiceResult> {
    const offices = new Set((await this.options.catalogue.listOffices()).map((office) => office.id));
    const issues = service.officeIds.flatMap((officeId, index) =>
      offices.has(officeId) ? [] : [{ path: ['officeIds', index], message: `no office "${officeId}"` }],
    );
    if (issues.length > 0) return { ok: false, issues };
    const created = (await this.options.catalogue.findService(service.id)) === undefined;
    const saved: Service = { ...service, source: service.source ?? { kind: 'editor', id: service.id } };
    await this.options.catalogue.saveCatalogue({ services: [saved], offices: [] }, { replace: false });
    return { ok: true, service: saved, created };
  }

  /**
   * Imports a DLDB export (services, optionally locations) into the draft catalogue; with `replace` the catalogue
   * becomes exactly the import. Service intents left without their entry are reported among the warnings.
   */
  async importDldb(services: unknown, locations: unknown, replace: boolean): Promise<ImportResult> {
    let imported: ReturnType<typeof importDldb>;
    try {
      imported = importDldb(services, locations);
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const { catalogue, warnings } = imported;
    await this.options.catalogue.saveCatalogue(catalogue, { replace });
    if (replace) {
      const ids = new Set(catalogue.services.map((service) => service.id));
      const orphans = new Set(
        (await this.options.intents.listCorpusFiles()).flatMap(({ corpus }) =>
          corpus.data.flatMap(({ intent }) => {
            const serviceId = serviceIdOf(intent);
            return serviceId !== undefined && !ids.has(serviceId) ? [intent] : [];
          }),
        ),
      );
      if (orphans.size > 0) {
        warnings.push(`${orphans.size} service intents have no catalogue entry now: ${[...orphans].join(', ')}`);
      }
    }
    return { ok: true, services: catalogue.services.length, offices: catalogue.offices.length, warnings };
  }
}

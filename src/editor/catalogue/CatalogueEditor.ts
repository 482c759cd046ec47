import { importDldb } from '../../catalogue/dldb.js';
import type { Service } from '../../catalogue/schema.js';
import { carryOverTargets } from '../../nlu/carryOver.js';
import { serviceIdOf } from '../../nlu/corpus.js';
import { normaliseText as fold } from '../../nlu/normaliseText.js';
import type { CatalogueRepository, IntentRepository } from '../../storage/repositories.js';
import {
  type CatalogueView,
  layeredCatalogue,
  type MunicipalityLayer,
  mergeById,
} from '../../tenants/tenantContent.js';
import type { ContentLayer } from '../intents/schemas.js';

export interface ServiceSummary {
  id: string;
  title: string;
  leika: string[];
  /** On a municipality's layer only: the shared entry, its own, or its own in place of the shared one (`both`). */
  layer?: ContentLayer;
}

export interface CatalogueEditorOptions {
  catalogue: CatalogueRepository;
  intents: IntentRepository;
  /**
   * Set for a municipality's own layer (docs/tenants.md), whose repositories the others then are: the shared
   * catalogue beneath, shown with the own entries (an own entry replaces the shared one of its id) but never changed.
   */
  shared?: CatalogueRepository;
  /**
   * Set for the shared layer: the municipalities' own layers on top of it, whose service intents may answer with its
   * entries (a local refinement must not lose its entry to a central change).
   */
  municipalities?: () => Promise<MunicipalityLayer[]>;
}

/** `in_use`: the service intents (`tenant: service.<id>` for a municipality's) that answer with the entry. */
export type DeleteServiceResult = 'deleted' | 'not_found' | { inUse: string[] };

export type PutServiceResult =
  | { ok: true; service: Service; created: boolean }
  | { ok: false; issues: { path: (string | number)[]; message: string }[] };

export type ImportResult =
  | { ok: true; services: number; offices: number; warnings: string[] }
  | { ok: false; message: string };

/**
 * The draft catalogue as editors change it: single entries by hand, or a whole DLDB export uploaded from the browser.
 * Changes reach citizens only with the next published version. On a municipality's layer, the shared entries are
 * listed with its own; saving a shared entry there saves the municipality's own in its place.
 */
export class CatalogueEditor {
  /** The entries as the layer answers with them: its own over the shared ones. */
  private readonly layered: CatalogueView;

  constructor(private readonly options: CatalogueEditorOptions) {
    this.layered = layeredCatalogue(options.catalogue, options.shared);
  }

  /** Entries whose id, title (either language), LeiKa key or synonyms contain `q`; ordered by German title. */
  async list(q = ''): Promise<ServiceSummary[]> {
    const query = fold(q.trim());
    const [own, shared] = await Promise.all([
      this.options.catalogue.listServices(),
      this.options.shared?.listServices() ?? [],
    ]);
    const ownIds = new Set(own.map((service) => service.id));
    const sharedIds = new Set(shared.map((service) => service.id));
    const layer = (id: string): ContentLayer => {
      if (!ownIds.has(id)) return 'shared';
      return sharedIds.has(id) ? 'both' : 'own';
    };
    return mergeById(shared, own)
      .filter(
        (service) =>
          !query ||
          [service.id, service.title.de, service.title.en ?? '', ...service.leika, ...service.synonyms.de]
            .concat(service.synonyms.en)
            .some((text) => fold(text).includes(query)),
      )
      .map((service) => ({
        id: service.id,
        title: service.title.de,
        leika: service.leika,
        ...(this.options.shared && { layer: layer(service.id) }),
      }))
      .sort((a, b) => a.title.localeCompare(b.title, 'de'));
  }

  /** The entry as the layer answers with it: its own, else (on a municipality's layer) the shared one. */
  get(id: string): Promise<Service | undefined> {
    return this.layered.findService(id);
  }

  /**
   * Creates or replaces one entry of the layer; its offices must exist (in the layer, or the shared one beneath). An
   * entry without a source is marked as the editors'.
   */
  async put(service: Service): Promise<PutServiceResult> {
    const offices = new Set((await this.layered.listOffices()).map((office) => office.id));
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
   * Deletes the layer's own entry (on a municipality's layer the shared one of its id, if any, answers again). It is
   * kept, and the intents named, while a service intent answers with it and no shared entry stands in: of the layer,
   * or, for a shared entry, of a municipality that has no entry of that id of its own.
   */
  async delete(id: string): Promise<DeleteServiceResult> {
    if (!(await this.options.catalogue.findService(id))) return 'not_found';
    if ((await this.options.shared?.findService(id)) === undefined) {
      const inUse = await this.intentsAnsweringWith([id]);
      if (inUse.length > 0) return { inUse };
    }
    return (await this.options.catalogue.deleteService(id)) ? 'deleted' : 'not_found';
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
      const services = await this.layered.listServices();
      const ids = new Set(services.map((service) => service.id));
      const gone = [...(await serviceIntents(this.options.intents))]
        .filter((serviceId) => !ids.has(serviceId))
        .map((serviceId) => `service.${serviceId}`);
      // Training gives their utterances to the entry of the same name, where there is one (`carryOverTargets`).
      const carried = carryOverTargets(gone, services);
      const municipal = await this.municipalIntents();
      const missing = municipal.flatMap(({ tenantId, serviceIds }) =>
        serviceIds.filter((serviceId) => !ids.has(serviceId)).map((serviceId) => `${tenantId}: service.${serviceId}`),
      );
      const orphans = [...gone.filter((intent) => !carried.has(intent)), ...missing];
      if (carried.size > 0) {
        const pairs = [...carried].map(([intent, serviceId]) => `${intent} → ${serviceId}`);
        warnings.push(
          `${carried.size} service intents have no catalogue entry of their id now and train the entry of the same name: ${pairs.join(', ')}`,
        );
      }
      if (orphans.length > 0) {
        warnings.push(`${orphans.length} service intents have no catalogue entry now: ${orphans.join(', ')}`);
      }
    }
    return { ok: true, services: catalogue.services.length, offices: catalogue.offices.length, warnings };
  }

  /** The service intents of the layer, and of the municipalities without an own entry, that answer with `ids`. */
  private async intentsAnsweringWith(ids: string[]): Promise<string[]> {
    const own = await serviceIntents(this.options.intents);
    const municipal = await this.municipalIntents();
    return [
      ...ids.filter((id) => own.has(id)).map((id) => `service.${id}`),
      ...municipal.flatMap(({ tenantId, serviceIds }) =>
        serviceIds.filter((id) => ids.includes(id)).map((id) => `${tenantId}: service.${id}`),
      ),
    ];
  }

  /** Per municipality (on the shared layer): the entries its own service intents need from the shared catalogue. */
  private async municipalIntents(): Promise<{ tenantId: string; serviceIds: string[] }[]> {
    const layers = (await this.options.municipalities?.()) ?? [];
    return Promise.all(
      layers.map(async ({ tenantId, catalogue, intents }) => {
        const [needed, owned] = await Promise.all([serviceIntents(intents), catalogue.listServices()]);
        const ownIds = new Set(owned.map((service) => service.id));
        return { tenantId, serviceIds: [...needed].filter((id) => !ownIds.has(id)).sort() };
      }),
    );
  }
}

/** The ids of the entries a layer's service intents (`service.<id>`) answer with. */
async function serviceIntents(intents: IntentRepository): Promise<Set<string>> {
  const files = await intents.listCorpusFiles();
  return new Set(
    files.flatMap(({ corpus }) =>
      corpus.data.flatMap(({ intent }) => {
        const serviceId = serviceIdOf(intent);
        return serviceId === undefined ? [] : [serviceId];
      }),
    ),
  );
}

import type { Catalogue } from '../catalogue/schema.js';
import { loadSnapshots } from '../editor/training/draftSnapshot.js';
import type {
  CatalogueRepository,
  CorpusFile,
  IntentRepository,
  KnowledgeStorage,
  Storage,
} from '../storage/repositories.js';
import { DEFAULT_TENANT } from './types.js';

/** What a version is trained from and answers with: corpora (in training order) and a catalogue. */
export interface KnowledgeContent {
  corpora: CorpusFile[];
  catalogue: Catalogue;
}

/** Where a tenant's own corpus files go in its layered content, so that no path collides with a shared one. */
export const OWN_CORPUS_FOLDER = 'local/';

/** A tenant's content as its versions are trained from it, and how much of it is the tenant's own. */
export interface TenantContent extends KnowledgeContent {
  /** `intents`: the distinct intents of its corpora (a corpus file may be left empty). */
  own: { services: number; offices: number; corpora: number; intents: number };
}

/** One layer as stored: its corpus files, services and offices (each listed by id). */
export async function readLayer(layer: KnowledgeStorage): Promise<KnowledgeContent> {
  const [corpora, services, offices] = await Promise.all([
    layer.intents.listCorpusFiles(),
    layer.catalogue.listServices(),
    layer.catalogue.listOffices(),
  ]);
  return { corpora, catalogue: { services, offices } };
}

/**
 * A tenant's knowledge: the shared layer with its own on top (docs/tenants.md). Its own services and offices replace
 * shared ones of the same id and add the others, listed by id as storage lists them (fingerprints depend on order).
 * Its corpora come after the shared ones: an intent of both is trained on the utterances of both, and answers with
 * the tenant's answers where it gives any; a new intent is the tenant's alone.
 */
export function layerContent(shared: KnowledgeContent, own: KnowledgeContent): KnowledgeContent {
  return {
    corpora: [
      ...shared.corpora,
      ...own.corpora.map((file) => ({ path: `${OWN_CORPUS_FOLDER}${file.path}`, corpus: file.corpus })),
    ],
    catalogue: {
      services: mergeById(shared.catalogue.services, own.catalogue.services),
      offices: mergeById(shared.catalogue.offices, own.catalogue.offices),
    },
  };
}

/**
 * The content a tenant's next version is trained from: the `default` tenant's is the shared layer's draft alone;
 * another tenant's is its own draft on top of the shared layer as published (its live version's content), so that
 * the data centre's unpublished work reaches no municipality. Before the shared layer has any version, its draft.
 */
export async function tenantContent(storage: Pick<Storage, 'knowledgeOf'>, tenantId: string): Promise<TenantContent> {
  const layer = storage.knowledgeOf(DEFAULT_TENANT);
  if (tenantId === DEFAULT_TENANT) {
    const shared = await readLayer(layer);
    return { ...shared, own: countOf(shared) };
  }
  const live = await layer.versions.liveVersion();
  const [shared, own] = await Promise.all([
    live ? loadSnapshots(layer.versions, live) : readLayer(layer),
    readLayer(storage.knowledgeOf(tenantId)),
  ]);
  return { ...layerContent(shared, own), own: countOf(own) };
}

/** How many services, offices and corpus files a content has. */
export function countOf(content: KnowledgeContent): TenantContent['own'] {
  return {
    services: content.catalogue.services.length,
    offices: content.catalogue.offices.length,
    corpora: content.corpora.length,
    intents: new Set(content.corpora.flatMap((file) => file.corpus.data.map((entry) => entry.intent))).size,
  };
}

/** The own entries in place of the shared ones of the same id, and the others of both; listed by id. */
export function mergeById<T extends { id: string }>(shared: readonly T[], own: readonly T[]): T[] {
  const byId = new Map(shared.map((entry) => [entry.id, entry]));
  for (const entry of own) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Reading a catalogue: what the editors need of a layer's entries. */
export type CatalogueView = Pick<CatalogueRepository, 'findService' | 'listServices' | 'listOffices'>;

/**
 * A layer's catalogue as its tenant answers with it: its own entries in place of the shared ones of the same id, and
 * the others of both (`mergeById`). Without `shared` (the shared layer itself), the layer's own.
 */
export function layeredCatalogue(own: CatalogueView, shared: CatalogueView | undefined): CatalogueView {
  if (!shared) return own;
  return {
    findService: async (id) => (await own.findService(id)) ?? shared.findService(id),
    listServices: async () => {
      const [common, mine] = await Promise.all([shared.listServices(), own.listServices()]);
      return mergeById(common, mine);
    },
    listOffices: async () => {
      const [common, mine] = await Promise.all([shared.listOffices(), own.listOffices()]);
      return mergeById(common, mine);
    },
  };
}

/** A municipality's own layer, as the shared layer's editors look into it: changes there must not break it. */
export interface MunicipalityLayer {
  tenantId: string;
  catalogue: CatalogueRepository;
  intents: IntentRepository;
}

/** The municipalities' own layers: every tenant's but `default`'s. */
export async function municipalLayers(storage: Pick<Storage, 'tenants' | 'knowledgeOf'>): Promise<MunicipalityLayer[]> {
  const tenants = await storage.tenants.listTenants();
  return tenants
    .filter((tenant) => tenant.id !== DEFAULT_TENANT)
    .map((tenant) => ({ tenantId: tenant.id, ...storage.knowledgeOf(tenant.id) }));
}

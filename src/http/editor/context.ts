import { z } from 'zod';
import type { StaffRole, User } from '../../auth/types.js';
import type { CatalogueEditor } from '../../editor/catalogue/CatalogueEditor.js';
import type { EntityEditor } from '../../editor/intents/EntityEditor.js';
import type { IntentEditor } from '../../editor/intents/IntentEditor.js';
import { DEFAULT_TENANT, TenantId } from '../../tenants/types.js';
import type { TenantRule } from '../openapi/ApiRouter.js';
import type { EditorRouterOptions } from './editorRouter.js';

/** Editors edit and train; everyone who may publish may do that too. */
export const EDITORS: readonly StaffRole[] = ['editor', 'publisher', 'admin'];
export const PUBLISHERS: readonly StaffRole[] = ['publisher', 'admin'];
/**
 * The shared layer of the knowledge, which every municipality answers with: the `default` tenant's. Only staff who
 * work for it may change it (docs/tenants.md); the others read it.
 */
export const SHARED_LAYER = DEFAULT_TENANT;
export const EDITOR_TAGS = {
  intents: 'Intents',
  catalogue: 'Catalogue',
  inbox: 'Inbox',
  training: 'Training and versions',
  insight: 'Try it, analytics, audit',
} as const;

/**
 * `?tenant=` of the routes of intents, catalogue, training, versions and "try it": the layer they work on, the shared
 * one without, a municipality's own (on top of the shared one) with its id (docs/tenants.md).
 */
export const LayerQuery = z.object({
  tenant: TenantId.optional().meta({
    description: "The municipality whose own layer to work on, on top of the shared one; without, the shared layer's",
  }),
});
export type LayerQuery = z.infer<typeof LayerQuery>;

/** The layer a request names, as `LayerQuery` (which checks it) reads it. */
function layerOf(req: { query: Record<string, unknown> }): string {
  const { tenant } = req.query;
  return typeof tenant === 'string' && tenant !== '' ? tenant : SHARED_LAYER;
}

/** A route that changes the layer it names: only its staff may. */
export const CHANGES_LAYER: TenantRule = { of: layerOf, describe: 'the layer `?tenant=` names (default: `default`)' };
/** A route that reads the layer it names: every editor reads the shared one, a municipality's only its staff. */
export const READS_LAYER: TenantRule = {
  of: (req) => {
    const tenant = layerOf(req);
    return tenant === SHARED_LAYER ? undefined : tenant;
  },
  describe: 'the municipality `?tenant=` names',
};

/** The editors of one layer: the shared one's, or a municipality's own on top of it. */
export interface EditorLayer {
  tenantId: string;
  intents: IntentEditor;
  catalogue: CatalogueEditor;
}

/** What every group of routes gets. */
export interface EditorContext extends EditorRouterOptions {
  namedEntities: EntityEditor;
  now: () => Date;
  /** The tenant whose layer a request names (`?tenant=`, see `LayerQuery`); one that does not exist is a 404. */
  layerTenant(query: LayerQuery): Promise<string>;
  /** The editors of the layer a request names, as `layerTenant` finds it. */
  layer(query: LayerQuery): Promise<EditorLayer>;
  /** Writes an audit entry of the workbench (`editor.…`) with who made the change, under the layer's tenant. */
  record(user: User, action: string, details: Record<string, unknown>, tenantId?: string): Promise<void>;
}

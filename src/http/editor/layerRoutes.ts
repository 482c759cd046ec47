import { z } from 'zod';
import { worksFor } from '../../auth/tenantScope.js';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { EDITOR_TAGS, EDITORS, type EditorContext, SHARED_LAYER } from './context.js';

const Layer = z
  .object({
    /** What `?tenant=` names (`default` for the shared layer, which the routes take without it). */
    tenant: z.string(),
    name: z.string(),
    shared: z.boolean(),
    /** Whether the user may change it; every editor reads the shared layer. */
    writable: z.boolean(),
  })
  .meta({ id: 'ContentLayer' });

/** The layers of content a user works on in the workbench (docs/editor.md#layers-the-shared-content-and-a-municipalitys-own). */
export function layerRoutes(api: ApiRouter, context: EditorContext): void {
  api.route({
    method: 'get',
    path: '/api/editor/layers',
    operationId: 'listLayers',
    summary: "The shared layer and the municipalities' own layers the user works on",
    description:
      'The shared layer first (every editor reads it; only its staff change it), then, by name, each municipality ' +
      'the user works for (an admin: every one).',
    tags: [EDITOR_TAGS.intents],
    roles: EDITORS,
    responses: { 200: z.object({ layers: z.array(Layer) }) },
    handler: async ({ user }) => {
      const tenants = await context.storage.tenants.listTenants();
      const own = tenants
        .filter((tenant) => tenant.id !== SHARED_LAYER && worksFor(user, tenant.id))
        .map((tenant) => ({
          tenant: tenant.id,
          name: tenant.settings.name ?? tenant.id,
          shared: false,
          writable: true,
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'de'));
      const shared = { tenant: SHARED_LAYER, name: 'shared', shared: true, writable: worksFor(user, SHARED_LAYER) };
      return { status: 200, body: { layers: [shared, ...own] } };
    },
  });
}

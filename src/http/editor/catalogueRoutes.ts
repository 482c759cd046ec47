import { z } from 'zod';
import { DialogRef } from '../../editor/intents/schemas.js';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { invalid, notFound } from '../openapi/errors.js';
import { EDITOR_TAGS, EDITORS, type EditorContext, SHARED_LAYER } from './context.js';
import { CatalogueImport, ImportResult, Service, ServiceSummary } from './schemas.js';

/** The Munich DLDB export is 1.7 MB of services and 0.7 MB of locations; room for a bigger city's. */
export const IMPORT_BODY_LIMIT = '16mb';

const IdParams = z.object({ id: Service.shape.id });
const tags = [EDITOR_TAGS.catalogue];

/** The draft catalogue: search, read and write single entries, import a DLDB export; and the form dialogs. */
export function catalogueRoutes(api: ApiRouter, context: EditorContext): void {
  const { catalogue } = context;

  api.route({
    method: 'get',
    path: '/api/editor/catalogue/services',
    operationId: 'listServices',
    summary: 'Catalogue entries of the draft, filtered by id, title, LeiKa key or synonym',
    tags,
    roles: EDITORS,
    query: z.object({ q: z.string().max(200).optional() }),
    responses: { 200: z.object({ services: z.array(ServiceSummary) }) },
    handler: async ({ query }) => ({ status: 200, body: { services: await catalogue.list(query.q) } }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/catalogue/services/:id',
    operationId: 'getService',
    summary: 'One catalogue entry of the draft',
    tags,
    roles: EDITORS,
    params: IdParams,
    responses: { 200: Service },
    handler: async ({ params }) => {
      const service = await catalogue.get(params.id);
      return service ? { status: 200, body: service } : notFound();
    },
  });

  api.route({
    method: 'put',
    path: '/api/editor/catalogue/services/:id',
    operationId: 'putService',
    summary: 'Creates or replaces a catalogue entry of the draft',
    description:
      "The id in the path must be the entry's; its offices must exist. Without `source` it is marked `editor`.",
    tags,
    roles: EDITORS,
    tenant: SHARED_LAYER,
    params: IdParams,
    body: Service,
    bodyLimit: '1mb',
    responses: { 200: Service, 201: Service },
    handler: async ({ params, body, user }) => {
      if (body.id !== params.id) {
        return invalid([{ path: ['id'], message: `the body's id ${body.id} is not the path's ${params.id}` }]);
      }
      const result = await catalogue.put(body);
      if (!result.ok) return invalid(result.issues);
      await context.record(user, 'editor.service.saved', { serviceId: body.id, created: result.created });
      return { status: result.created ? 201 : 200, body: result.service };
    },
  });

  api.route({
    method: 'post',
    path: '/api/editor/catalogue/import',
    operationId: 'importCatalogue',
    summary: 'Imports a DLDB export (services, optionally locations) into the draft catalogue',
    description:
      'Entries are added or replaced by id; with `replace` the catalogue becomes exactly the import. Records that ' +
      'cannot be used are skipped and reported in `warnings`; a file that is no DLDB export at all is refused.',
    tags,
    roles: EDITORS,
    tenant: SHARED_LAYER,
    body: CatalogueImport,
    bodyLimit: IMPORT_BODY_LIMIT,
    responses: { 200: ImportResult },
    handler: async ({ body, user }) => {
      const result = await catalogue.importDldb(body.services, body.locations, body.replace);
      if (!result.ok) return { status: 400, error: 'invalid_request', message: result.message };
      await context.record(user, 'editor.catalogue.imported', {
        source: 'dldb',
        replace: body.replace,
        services: result.services,
        offices: result.offices,
        warnings: result.warnings.length,
      });
      return { status: 200, body: { services: result.services, offices: result.offices, warnings: result.warnings } };
    },
  });

  api.route({
    method: 'get',
    path: '/api/editor/dialogs',
    operationId: 'listDialogs',
    summary: 'The form dialogs and the catalogue entry each applies for',
    tags,
    roles: EDITORS,
    responses: { 200: z.object({ dialogs: z.array(DialogRef) }) },
    handler: async () => ({ status: 200, body: { dialogs: [...context.dialogs] } }),
  });
}

import { z } from 'zod';
import { DialogRef } from '../../editor/intents/schemas.js';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { invalid, notFound } from '../openapi/errors.js';
import { CHANGES_LAYER, EDITOR_TAGS, EDITORS, type EditorContext, LayerQuery, READS_LAYER } from './context.js';
import { CatalogueImport, ImportResult, Service, ServiceSummary } from './schemas.js';

/** The Munich DLDB export is 1.7 MB of services and 0.7 MB of locations; room for a bigger city's. */
export const IMPORT_BODY_LIMIT = '16mb';

const IdParams = z.object({ id: Service.shape.id });
const tags = [EDITOR_TAGS.catalogue];

/**
 * The draft catalogue: search, read, write and delete single entries, import a DLDB export; of the shared layer, or
 * of a municipality's own (`?tenant=`), shown with the shared entries beneath; and the form dialogs.
 */
export function catalogueRoutes(api: ApiRouter, context: EditorContext): void {
  api.route({
    method: 'get',
    path: '/api/editor/catalogue/services',
    operationId: 'listServices',
    summary: 'Catalogue entries of the draft, filtered by id, title, LeiKa key or synonym',
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    query: LayerQuery.extend({ q: z.string().max(200).optional() }),
    notFound: true,
    responses: { 200: z.object({ services: z.array(ServiceSummary) }) },
    handler: async ({ query }) => ({
      status: 200,
      body: { services: await (await context.layer(query)).catalogue.list(query.q) },
    }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/catalogue/services/:id',
    operationId: 'getService',
    summary: "One catalogue entry of the draft (on a municipality's layer: its own, else the shared one)",
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    params: IdParams,
    query: LayerQuery,
    responses: { 200: Service },
    handler: async ({ params, query }) => {
      const service = await (await context.layer(query)).catalogue.get(params.id);
      return service ? { status: 200, body: service } : notFound();
    },
  });

  api.route({
    method: 'put',
    path: '/api/editor/catalogue/services/:id',
    operationId: 'putService',
    summary: 'Creates or replaces a catalogue entry of the draft',
    description:
      "The id in the path must be the entry's; its offices must exist. Without `source` it is marked `editor`. On " +
      "a municipality's layer the entry is its own, in place of a shared one of the same id.",
    tags,
    roles: EDITORS,
    tenant: CHANGES_LAYER,
    params: IdParams,
    query: LayerQuery,
    body: Service,
    bodyLimit: '1mb',
    responses: { 200: Service, 201: Service },
    handler: async ({ params, query, body, user }) => {
      if (body.id !== params.id) {
        return invalid([{ path: ['id'], message: `the body's id ${body.id} is not the path's ${params.id}` }]);
      }
      const { catalogue, tenantId } = await context.layer(query);
      const result = await catalogue.put(body);
      if (!result.ok) return invalid(result.issues);
      await context.record(user, 'editor.service.saved', { serviceId: body.id, created: result.created }, tenantId);
      return { status: result.created ? 201 : 200, body: result.service };
    },
  });

  api.route({
    method: 'delete',
    path: '/api/editor/catalogue/services/:id',
    operationId: 'deleteService',
    summary: "Deletes an entry of the layer (on a municipality's layer: its own, and the shared one answers again)",
    description:
      'An entry that a service intent of the layer answers with, and that no shared entry stands in for, is kept ' +
      "(`in_use`, naming the intents); so is a shared entry that a municipality's own service intent answers with.",
    tags,
    roles: EDITORS,
    tenant: CHANGES_LAYER,
    params: IdParams,
    query: LayerQuery,
    conflicts: ['in_use'],
    responses: { 204: null },
    handler: async ({ params, query, user }) => {
      const { catalogue, tenantId } = await context.layer(query);
      const result = await catalogue.delete(params.id);
      if (result === 'not_found') return notFound();
      if (typeof result === 'object') {
        return { status: 409, error: 'in_use', message: `these intents answer with it: ${result.inUse.join(', ')}` };
      }
      await context.record(user, 'editor.service.deleted', { serviceId: params.id }, tenantId);
      return { status: 204 };
    },
  });

  api.route({
    method: 'post',
    path: '/api/editor/catalogue/import',
    operationId: 'importCatalogue',
    summary: 'Imports a DLDB export (services, optionally locations) into the draft catalogue',
    description:
      'Entries are added or replaced by id; with `replace` the catalogue becomes exactly the import. Records that ' +
      'cannot be used are skipped and reported in `warnings`; a file that is no DLDB export at all is refused. On ' +
      "a municipality's layer the import is its own catalogue.",
    tags,
    roles: EDITORS,
    tenant: CHANGES_LAYER,
    query: LayerQuery,
    notFound: true,
    body: CatalogueImport,
    bodyLimit: IMPORT_BODY_LIMIT,
    responses: { 200: ImportResult },
    handler: async ({ query, body, user }) => {
      const { catalogue, tenantId } = await context.layer(query);
      const result = await catalogue.importDldb(body.services, body.locations, body.replace);
      if (!result.ok) return { status: 400, error: 'invalid_request', message: result.message };
      await context.record(
        user,
        'editor.catalogue.imported',
        {
          source: 'dldb',
          replace: body.replace,
          services: result.services,
          offices: result.offices,
          warnings: result.warnings.length,
        },
        tenantId,
      );
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

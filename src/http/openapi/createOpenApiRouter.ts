import { Router } from 'express';
import type { oas31 } from 'zod-openapi';
import type { ApiRouter } from './ApiRouter.js';
import { createOpenApiDocument } from './createOpenApiDocument.js';

export const OPENAPI_PATH = '/api/openapi.json';

/**
 * Serves the OpenAPI 3.1 document of the given APIs at `GET /api/openapi.json`, without login: it describes the API,
 * it grants nothing. Generated on the first request, once.
 */
export function createOpenApiRouter(options: {
  apis: readonly ApiRouter[];
  title?: string;
  version: string;
  description?: string;
}): Router {
  let document: oas31.OpenAPIObject | undefined;
  const router = Router();
  router.get(OPENAPI_PATH, (_req, res) => {
    document ??= createOpenApiDocument(
      options.apis.flatMap((api) => api.routes),
      {
        title: options.title ?? 'GovBot API',
        version: options.version,
        ...(options.description === undefined ? {} : { description: options.description }),
      },
    );
    res.setHeader('Cache-Control', 'no-cache');
    res.json(document);
  });
  return router;
}

import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { CSRF_HEADER, SESSION_COOKIE } from '../authRouter.js';
import type { ApiRoute, TenantRule } from './ApiRouter.js';
import { ApiError } from './errors.js';

export const SESSION_SCHEME = 'staffSession';
export const CSRF_SCHEME = 'csrfToken';

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
const SUCCESS_DESCRIPTIONS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

/**
 * The OpenAPI 3.1 document of the given routes, generated from the same zod schemas that check their requests and
 * responses. Staff authenticate with the session cookie; unsafe methods also need the CSRF token in its header, so
 * both are security schemes and an unsafe operation requires both.
 */
export function createOpenApiDocument(
  routes: readonly ApiRoute[],
  info: { title: string; version: string; description?: string },
): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Error: ApiError },
      securitySchemes: {
        [SESSION_SCHEME]: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'Set by `POST /api/auth/login` (HttpOnly, SameSite=Strict).',
        },
        [CSRF_SCHEME]: {
          type: 'apiKey',
          in: 'header',
          name: CSRF_HEADER,
          description: 'The `csrfToken` from `POST /api/auth/login` or `GET /api/auth/me`; required on unsafe methods.',
        },
      },
    },
  });
}

/** `/api/editor/intents/:name` → `/api/editor/intents/{name}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function operation(route: ApiRoute): ZodOpenApiOperationObject {
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: ApiError } },
  });
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] = {
      description: SUCCESS_DESCRIPTIONS[Number(status)] ?? 'OK',
      ...(schema ? { content: { 'application/json': { schema } } } : {}),
    };
  }
  if (route.params || route.query || route.body) responses['400'] = error('invalid_request: see `issues`');
  responses['401'] = error('unauthenticated: no valid staff session');
  const forbidden = [
    'forbidden (role)',
    ...(route.tenant === undefined ? [] : [`not_their_tenant (the user does not work for ${tenantOf(route.tenant)})`]),
    ...(UNSAFE.has(route.method) ? ['csrf (missing or wrong CSRF token)'] : []),
  ];
  responses['403'] = error(forbidden.join(' or '));
  if (route.params || route.notFound) responses['404'] = error('not_found');
  if (route.conflicts?.length) responses['409'] = error(`A conflict: ${route.conflicts.join(', ')}`);
  if (route.body) responses['413'] = error('too_large');
  const roles = route.roles.join(', ');
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, `Roles: ${roles}.`].filter(Boolean).join('\n\n'),
    ...(route.tags ? { tags: route.tags } : {}),
    'x-roles': [...route.roles],
    security: [UNSAFE.has(route.method) ? { [SESSION_SCHEME]: [], [CSRF_SCHEME]: [] } : { [SESSION_SCHEME]: [] }],
    ...(route.params || route.query
      ? {
          requestParams: {
            ...(route.params ? { path: route.params } : {}),
            ...(route.query ? { query: route.query } : {}),
          },
        }
      : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses,
  };
}

function tenantOf(rule: TenantRule): string {
  return typeof rule === 'string' ? rule : rule.describe;
}

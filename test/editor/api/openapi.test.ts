import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { packageRoot } from '../../../src/packageRoot.js';
import { type EditorApiHarness, startEditorApi } from './harness.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const UNSAFE = new Set(['put', 'post', 'delete', 'patch']);

const Schemaish = z.looseObject({});
const Operation = z.looseObject({
  operationId: z.string().min(1),
  summary: z.string().min(1),
  parameters: z
    .array(
      z.looseObject({
        name: z.string(),
        in: z.enum(['path', 'query', 'header', 'cookie']),
        required: z.boolean().optional(),
      }),
    )
    .optional(),
  requestBody: z
    .looseObject({ content: z.looseObject({ 'application/json': z.looseObject({ schema: Schemaish }) }) })
    .optional(),
  responses: z.record(z.string().regex(/^[1-5]\d\d$/), z.looseObject({ description: z.string() })),
  security: z.array(z.record(z.string(), z.array(z.string()))),
});
const Document = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string().min(1), version: z.string().min(1) }),
  paths: z.record(z.string().startsWith('/'), z.looseObject({})),
  components: z.looseObject({
    schemas: z.record(z.string(), Schemaish),
    securitySchemes: z.record(z.string(), z.looseObject({ type: z.string() })),
  }),
});
/** The routes of an express router, as its layers hold them. */
const RouterStack = z.array(
  z.looseObject({
    route: z.looseObject({ path: z.string(), methods: z.record(z.string(), z.boolean()) }).optional(),
  }),
);

describe('OpenAPI document of the editor API', () => {
  let h: EditorApiHarness;
  let document: z.infer<typeof Document>;
  beforeAll(async () => {
    h = await startEditorApi();
  });
  afterAll(async () => {
    await h.close();
  });

  it('is served without login as an OpenAPI 3.1 document', async () => {
    const reply = await h.call(undefined, 'GET', '/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    document = Document.parse(reply.json);
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes).toEqual({
      staffSession: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'govbot_session' }),
      csrfToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }),
    });
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'EditorIntent', 'TrainingRun', 'ModelVersion', 'Service', 'TryResult']),
    );
  });

  it('describes every operation completely: ids, path parameters, errors and security', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        if (item[method] === undefined) continue;
        const operation = Operation.parse(item[method]);
        const where = `${method} ${path}`;
        expect(ids.has(operation.operationId), `${where}: duplicate operationId`).toBe(false);
        ids.add(operation.operationId);
        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), where).toEqual(pathParams.sort());
        expect(
          declared.every((p) => p.required === true),
          `${where}: path parameters are required`,
        ).toBe(true);
        expect(
          Object.keys(operation.responses).some((status) => status.startsWith('2')),
          where,
        ).toBe(true);
        expect(operation.responses, where).toHaveProperty('401');
        expect(operation.responses, where).toHaveProperty('403');
        const schemes = operation.security.flatMap((requirement) => Object.keys(requirement));
        expect(schemes, where).toEqual(UNSAFE.has(method) ? ['staffSession', 'csrfToken'] : ['staffSession']);
      }
    }
    expect(ids.size).toBeGreaterThan(20);
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(document.components.schemas, ref).toHaveProperty([ref ?? '']);
  });

  it('holds every route registered under /api/editor, and the API table of docs/editor.md holds them too', () => {
    const registered = RouterStack.parse(h.api.router.stack).flatMap(({ route }) =>
      route ? Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path}`) : [],
    );
    const editorRoutes = registered.filter((route) => route.split(' ')[1]?.startsWith('/api/editor/'));
    expect(editorRoutes.length).toBe(registered.length);
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method] !== undefined).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    expect(documented.sort()).toEqual([...editorRoutes].sort());

    const table = readFileSync(join(packageRoot(), 'docs', 'editor.md'), 'utf8');
    const inTable = [...table.matchAll(/^\| `(GET|PUT|POST|DELETE|PATCH) (\/api\/editor\/[^?` ]*)/gm)].map(
      (match) => `${match[1]} ${match[2]}`,
    );
    expect(inTable.sort()).toEqual([...editorRoutes].sort());
  });

  it('answers 500 when a handler breaks its own response schema or fails', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      h.api.route({
        method: 'get',
        path: '/api/editor/test/broken',
        operationId: 'broken',
        summary: 'Answers with a body its schema does not allow',
        roles: ['editor'],
        responses: { 200: z.object({ count: z.number().int() }) },
        // The handler's type would refuse `count: 'many'`; an `unknown` value is what a careless port could return.
        handler: async () => ({ status: 200, body: z.object({ count: z.number() }).parse({ count: 1.5 }) }),
      });
      h.api.route({
        method: 'get',
        path: '/api/editor/test/failing',
        operationId: 'failing',
        summary: 'Throws',
        roles: ['editor'],
        responses: { 204: null },
        handler: async () => {
          throw new Error('boom');
        },
      });
      const broken = await h.call('eddi', 'GET', '/api/editor/test/broken');
      expect(broken.status).toBe(500);
      expect(broken.json).toEqual({ error: 'invalid_response' });
      expect(errors).toHaveLength(1);
      const failing = await h.call('eddi', 'GET', '/api/editor/test/failing');
      expect(failing.status).toBe(500);
      expect(failing.json).toEqual({ error: 'internal' });
    } finally {
      console.error = original;
    }
  });
});

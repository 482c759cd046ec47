import { z } from 'zod';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { forbidden, notFound } from '../openapi/errors.js';
import {
  CHANGES_LAYER,
  EDITOR_TAGS,
  EDITORS,
  type EditorContext,
  LayerQuery,
  PUBLISHERS,
  READS_LAYER,
} from './context.js';
import { Id, ModelVersion, PublishRequest, TrainingRun, VersionDiff } from './schemas.js';

const VersionNumber = z.coerce.number().int().min(1);
const tags = [EDITOR_TAGS.training];

/**
 * Training runs of the draft, publishing them as versions, rollback and comparing versions: the shared layer's, or
 * with `?tenant=` a municipality's, trained from the shared layer with its own on top.
 */
export function trainingRoutes(api: ApiRouter, context: EditorContext): void {
  const { training, publishing } = context;
  const isVersion = async (tenantId: string, ...numbers: number[]) => {
    const known = new Set((await publishing.listVersions(tenantId)).map((version) => version.version));
    return numbers.every((number) => known.has(number));
  };

  api.route({
    method: 'post',
    path: '/api/editor/training',
    operationId: 'startTraining',
    summary: 'Trains the draft and runs the release gate on it, in the background',
    description:
      "With `?tenant=` the municipality's draft: the shared layer with its own on top. One run trains at a time in " +
      'the installation (`training_running`); a municipality with neither content nor versions of its own answers ' +
      'with the shared version and has nothing to train (`no_own_content`).',
    tags,
    roles: EDITORS,
    tenant: CHANGES_LAYER,
    query: LayerQuery,
    notFound: true,
    conflicts: ['training_running', 'no_own_content'],
    responses: { 202: TrainingRun },
    handler: async ({ query, user }) => ({
      status: 202,
      body: await training.start(user, await context.layerTenant(query)),
    }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/training',
    operationId: 'listTrainingRuns',
    summary: 'Training runs, newest first',
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    query: LayerQuery.extend({ limit: z.coerce.number().int().min(1).max(100).optional() }),
    notFound: true,
    responses: { 200: z.object({ runs: z.array(TrainingRun) }) },
    handler: async ({ query }) => ({
      status: 200,
      body: { runs: await training.listRuns(query.limit, await context.layerTenant(query)) },
    }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/training/:id',
    operationId: 'getTrainingRun',
    summary: 'One training run with its progress and gate report',
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    params: z.object({ id: Id }),
    query: LayerQuery,
    responses: { 200: TrainingRun },
    handler: async ({ params, query }) => {
      const run = await training.findRun(params.id, await context.layerTenant(query));
      return run ? { status: 200, body: run } : notFound();
    },
  });

  api.route({
    method: 'get',
    path: '/api/editor/versions',
    operationId: 'listVersions',
    summary: 'Published versions, newest first, and the live one',
    description:
      "With `?tenant=` the municipality's own versions; while it has none (`live` null) it answers with the shared " +
      "one. `sharedNewer` names the shared live version when the municipality's live one was trained on shared " +
      'content published differently since: training and publishing again takes the new one over.',
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    query: LayerQuery,
    notFound: true,
    responses: {
      200: z.object({
        versions: z.array(ModelVersion),
        live: z.number().int().nullable(),
        sharedNewer: z.number().int().optional(),
      }),
    },
    handler: async ({ query }) => {
      const tenantId = await context.layerTenant(query);
      const [versions, live, sharedNewer] = await Promise.all([
        publishing.listVersions(tenantId),
        publishing.live(tenantId),
        publishing.sharedNewer(tenantId),
      ]);
      return {
        status: 200,
        body: { versions, live: live?.version ?? null, ...(sharedNewer !== undefined && { sharedNewer }) },
      };
    },
  });

  api.route({
    method: 'post',
    path: '/api/editor/versions',
    operationId: 'publishVersion',
    summary: 'Publishes a succeeded training run as the live version',
    description: 'A run whose gate failed is refused (`gate_failed`) unless an admin gives an `overrideReason`.',
    tags,
    roles: PUBLISHERS,
    tenant: CHANGES_LAYER,
    query: LayerQuery,
    body: PublishRequest,
    notFound: true,
    conflicts: ['gate_failed', 'run_not_succeeded', 'training_running'],
    responses: { 201: ModelVersion },
    handler: async ({ query, body, user }) => {
      if (body.overrideReason !== undefined && user.role !== 'admin') {
        return forbidden('only admins may publish past a failed gate');
      }
      const tenantId = await context.layerTenant(query);
      if (!(await training.findRun(body.runId, tenantId))) return notFound(`no training run ${body.runId}`);
      const options = {
        ...(body.overrideReason === undefined ? {} : { overrideReason: body.overrideReason }),
        ...(body.note ? { note: body.note } : {}),
      };
      const version = await publishing.publish(body.runId, user, options, tenantId);
      return { status: 201, body: version };
    },
  });

  api.route({
    method: 'post',
    path: '/api/editor/versions/:version/rollback',
    operationId: 'rollbackVersion',
    summary: "Publishes an older version's content again as the newest, live version",
    tags,
    roles: PUBLISHERS,
    tenant: CHANGES_LAYER,
    params: z.object({ version: VersionNumber }),
    query: LayerQuery,
    conflicts: ['already_live'],
    responses: { 201: ModelVersion },
    handler: async ({ params, query, user }) => {
      const tenantId = await context.layerTenant(query);
      if (!(await isVersion(tenantId, params.version))) return notFound();
      return { status: 201, body: await publishing.rollback(params.version, user, tenantId) };
    },
  });

  api.route({
    method: 'get',
    path: '/api/editor/versions/diff',
    operationId: 'diffVersions',
    summary: "What changed between two versions' corpora and catalogues",
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    query: LayerQuery.extend({ from: VersionNumber, to: VersionNumber }),
    notFound: true,
    responses: { 200: VersionDiff },
    handler: async ({ query }) => {
      const tenantId = await context.layerTenant(query);
      if (!(await isVersion(tenantId, query.from, query.to))) return notFound();
      return { status: 200, body: await publishing.diff(query.from, query.to, tenantId) };
    },
  });
}

import { z } from 'zod';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { forbidden, notFound } from '../openapi/errors.js';
import { EDITOR_TAGS, EDITORS, type EditorContext, PUBLISHERS, SHARED_LAYER } from './context.js';
import { Id, ModelVersion, PublishRequest, TrainingRun, VersionDiff } from './schemas.js';

const VersionNumber = z.coerce.number().int().min(1);
const tags = [EDITOR_TAGS.training];

/** Training runs of the draft, publishing them as versions, rollback and comparing versions. */
export function trainingRoutes(api: ApiRouter, context: EditorContext): void {
  const { training, publishing } = context;
  const isVersion = async (...numbers: number[]) => {
    const known = new Set((await publishing.listVersions()).map((version) => version.version));
    return numbers.every((number) => known.has(number));
  };

  api.route({
    method: 'post',
    path: '/api/editor/training',
    operationId: 'startTraining',
    summary: 'Trains the draft and runs the release gate on it, in the background',
    tags,
    roles: EDITORS,
    tenant: SHARED_LAYER,
    conflicts: ['training_running'],
    responses: { 202: TrainingRun },
    handler: async ({ user }) => ({ status: 202, body: await training.start(user) }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/training',
    operationId: 'listTrainingRuns',
    summary: 'Training runs, newest first',
    tags,
    roles: EDITORS,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }),
    responses: { 200: z.object({ runs: z.array(TrainingRun) }) },
    handler: async ({ query }) => ({ status: 200, body: { runs: await training.listRuns(query.limit) } }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/training/:id',
    operationId: 'getTrainingRun',
    summary: 'One training run with its progress and gate report',
    tags,
    roles: EDITORS,
    params: z.object({ id: Id }),
    responses: { 200: TrainingRun },
    handler: async ({ params }) => {
      const run = await training.findRun(params.id);
      return run ? { status: 200, body: run } : notFound();
    },
  });

  api.route({
    method: 'get',
    path: '/api/editor/versions',
    operationId: 'listVersions',
    summary: 'Published versions, newest first, and the live one',
    tags,
    roles: EDITORS,
    responses: { 200: z.object({ versions: z.array(ModelVersion), live: z.number().int().nullable() }) },
    handler: async () => {
      const [versions, live] = await Promise.all([publishing.listVersions(), publishing.live()]);
      return { status: 200, body: { versions, live: live?.version ?? null } };
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
    tenant: SHARED_LAYER,
    body: PublishRequest,
    notFound: true,
    conflicts: ['gate_failed', 'run_not_succeeded', 'training_running'],
    responses: { 201: ModelVersion },
    handler: async ({ body, user }) => {
      if (body.overrideReason !== undefined && user.role !== 'admin') {
        return forbidden('only admins may publish past a failed gate');
      }
      if (!(await training.findRun(body.runId))) return notFound(`no training run ${body.runId}`);
      const version = await publishing.publish(body.runId, user, {
        ...(body.overrideReason === undefined ? {} : { overrideReason: body.overrideReason }),
        ...(body.note ? { note: body.note } : {}),
      });
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
    tenant: SHARED_LAYER,
    params: z.object({ version: VersionNumber }),
    conflicts: ['already_live'],
    responses: { 201: ModelVersion },
    handler: async ({ params, user }) => {
      if (!(await isVersion(params.version))) return notFound();
      return { status: 201, body: await publishing.rollback(params.version, user) };
    },
  });

  api.route({
    method: 'get',
    path: '/api/editor/versions/diff',
    operationId: 'diffVersions',
    summary: "What changed between two versions' corpora and catalogues",
    tags,
    roles: EDITORS,
    query: z.object({ from: VersionNumber, to: VersionNumber }),
    notFound: true,
    responses: { 200: VersionDiff },
    handler: async ({ query }) => {
      if (!(await isVersion(query.from, query.to))) return notFound();
      return { status: 200, body: await publishing.diff(query.from, query.to) };
    },
  });
}

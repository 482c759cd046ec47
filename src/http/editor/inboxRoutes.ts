import { z } from 'zod';
import { tenantsOf } from '../../auth/tenantScope.js';
import { Language } from '../../catalogue/schema.js';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { invalid, notFound } from '../openapi/errors.js';
import { CHANGES_LAYER, EDITOR_TAGS, EDITORS, type EditorContext, LayerQuery, SHARED_LAYER } from './context.js';
import { Id, InboxAssign, InboxGroup, InboxMark, MustPassQuestion, NewMustPass, Resolved } from './schemas.js';

const tags = [EDITOR_TAGS.inbox];

/** The inbox of unrecognised questions and the must-pass questions of the release gate. */
export function inboxRoutes(api: ApiRouter, context: EditorContext): void {
  const { inbox, storage } = context;
  /** A must-pass question's intent must exist in the draft (or be `None`), else the gate could never pass it. */
  const unknownIntent = async (intent: string) =>
    intent !== 'None' && (await (await context.layer({})).intents.get(intent)) === undefined
      ? invalid([{ path: ['intent'], message: `no intent "${intent}" in the draft` }])
      : undefined;

  api.route({
    method: 'get',
    path: '/api/editor/inbox',
    operationId: 'listInbox',
    summary: 'Open questions grouped by similarity, biggest groups first',
    tags,
    roles: EDITORS,
    query: z.object({ lang: Language.optional() }),
    responses: { 200: z.object({ groups: z.array(InboxGroup) }) },
    handler: async ({ query, user }) => ({
      status: 200,
      body: { groups: await inbox.groups({ ...(query.lang && { lang: query.lang }), tenants: tenantsOf(user) }) },
    }),
  });

  api.route({
    method: 'post',
    path: '/api/editor/inbox/assign',
    operationId: 'assignInbox',
    summary: "Adds the entries' texts as training utterances of an intent of the draft",
    description:
      'The intent must be one of the draft, or `service.<id>` of a catalogue entry (`unknown_intent` otherwise). ' +
      'Entries no longer open are left as they are; `resolved` counts those that were. With `?tenant=` they go to ' +
      "that municipality's own layer, and only its own citizens' questions are taken.",
    tags,
    roles: EDITORS,
    tenant: CHANGES_LAYER,
    query: LayerQuery,
    body: InboxAssign,
    notFound: true,
    conflicts: ['unknown_intent'],
    responses: { 200: Resolved },
    handler: async ({ query, body, user }) => {
      const tenantId = await context.layerTenant(query);
      return { status: 200, body: { resolved: await inbox.assign(body.entryIds, body.intent, user, tenantId) } };
    },
  });

  api.route({
    method: 'post',
    path: '/api/editor/inbox/mark',
    operationId: 'markInbox',
    summary: 'Marks entries as needing a new service or as nothing to do',
    tags,
    roles: EDITORS,
    body: InboxMark,
    responses: { 200: Resolved },
    handler: async ({ body, user }) => ({
      status: 200,
      body: { resolved: await inbox.mark(body.entryIds, body.status, user) },
    }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/must-pass',
    operationId: 'listMustPass',
    summary: 'The questions every new model must get right',
    tags,
    roles: EDITORS,
    responses: { 200: z.object({ questions: z.array(MustPassQuestion) }) },
    handler: async () => ({ status: 200, body: { questions: await storage.mustPass.listMustPass() } }),
  });

  api.route({
    method: 'post',
    path: '/api/editor/must-pass',
    operationId: 'addMustPass',
    summary: 'Adds a must-pass question (intent `None` for one the bot must decline)',
    tags,
    roles: EDITORS,
    tenant: SHARED_LAYER,
    body: NewMustPass,
    responses: { 201: MustPassQuestion },
    handler: async ({ body, user }) => {
      const refused = await unknownIntent(body.intent);
      if (refused) return refused;
      const question = await storage.mustPass.addMustPass({ ...body, createdBy: user.name });
      const { id, text, lang, intent } = question;
      await context.record(user, 'editor.must_pass.added', { id, text, lang, intent });
      return { status: 201, body: question };
    },
  });

  api.route({
    method: 'delete',
    path: '/api/editor/must-pass/:id',
    operationId: 'deleteMustPass',
    summary: 'Deletes a must-pass question',
    tags,
    roles: EDITORS,
    tenant: SHARED_LAYER,
    params: z.object({ id: Id }),
    responses: { 204: null },
    handler: async ({ params, user }) => {
      if (!(await storage.mustPass.deleteMustPass(params.id))) return notFound();
      await context.record(user, 'editor.must_pass.deleted', { id: params.id });
      return { status: 204 };
    },
  });
}

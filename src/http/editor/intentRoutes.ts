import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import { EditorIntent, EditorIntentInput, IntentName, IntentSummary } from '../../editor/intents/schemas.js';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { invalid, notFound } from '../openapi/errors.js';
import { CHANGES_LAYER, EDITOR_TAGS, EDITORS, type EditorContext, LayerQuery, READS_LAYER } from './context.js';

const NameParams = z.object({ name: IntentName });
const tags = [EDITOR_TAGS.intents];

/**
 * The draft's intents: list and search, read, create or replace across both languages, delete; of the shared layer,
 * or of a municipality's own (`?tenant=`), shown with the shared intents beneath.
 */
export function intentRoutes(api: ApiRouter, context: EditorContext): void {
  api.route({
    method: 'get',
    path: '/api/editor/intents',
    operationId: 'listIntents',
    summary: 'The intents of the draft, filtered by text (name, entry title, utterances) and language',
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    query: LayerQuery.extend({ q: z.string().max(200).optional(), lang: Language.optional() }),
    notFound: true,
    responses: { 200: z.object({ intents: z.array(IntentSummary) }) },
    handler: async ({ query }) => ({
      status: 200,
      body: { intents: await (await context.layer(query)).intents.list(query) },
    }),
  });

  api.route({
    method: 'get',
    path: '/api/editor/intents/:name',
    operationId: 'getIntent',
    summary: 'One intent across both languages',
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    params: NameParams,
    query: LayerQuery,
    notFound: true,
    responses: { 200: EditorIntent },
    handler: async ({ params, query }) => {
      const intent = await (await context.layer(query)).intents.get(params.name);
      return intent ? { status: 200, body: intent } : notFound();
    },
  });

  api.route({
    method: 'put',
    path: '/api/editor/intents/:name',
    operationId: 'putIntent',
    summary: 'Creates or replaces an intent in both languages',
    description:
      'A new intent goes to the corpus file of its kind per language (`service.*` → services, `None` → out of ' +
      'scope, others → conversation); an existing one stays where it is. `service.<id>` must name a catalogue ' +
      'entry, and an intent needs at least one utterance. A language with neither utterances nor answers drops ' +
      "the intent from that language. On a municipality's layer the own utterances and answers are saved; a shared " +
      'intent needs none of its own utterances there.',
    tags,
    roles: EDITORS,
    tenant: CHANGES_LAYER,
    params: NameParams,
    query: LayerQuery,
    body: EditorIntentInput,
    bodyLimit: '1mb',
    notFound: true,
    responses: { 200: EditorIntent, 201: EditorIntent },
    handler: async ({ params, query, body, user }) => {
      const { intents, tenantId } = await context.layer(query);
      const result = await intents.put(params.name, body);
      if (!result.ok) return invalid(result.issues);
      const { intent, before, created } = result;
      await context.record(
        user,
        'editor.intent.saved',
        {
          intent: intent.name,
          created,
          utterances: changes(before?.utterances, intent.utterances),
          answers: changes(before?.answers, intent.answers),
        },
        tenantId,
      );
      return { status: created ? 201 : 200, body: intent };
    },
  });

  api.route({
    method: 'delete',
    path: '/api/editor/intents/:name',
    operationId: 'deleteIntent',
    summary: "Deletes an intent from both languages (not the shared `None`); on a municipality's layer its own part",
    description:
      'A shared intent that a municipality has added utterances or answers of its own to is kept (`in_use`, naming the ' +
      'municipalities) until they have deleted their additions.',
    tags,
    roles: EDITORS,
    tenant: CHANGES_LAYER,
    params: NameParams,
    query: LayerQuery,
    conflicts: ['intent_required', 'in_use'],
    responses: { 204: null },
    handler: async ({ params, query, user }) => {
      const { intents, tenantId } = await context.layer(query);
      const result = await intents.delete(params.name);
      if (result === 'not_found') return notFound();
      if (result === 'required') {
        return { status: 409, error: 'intent_required', message: 'None holds the out-of-scope examples' };
      }
      if (typeof result === 'object') {
        return {
          status: 409,
          error: 'in_use',
          message: `these municipalities have added to it: ${result.inUse.join(', ')}`,
        };
      }
      await context.record(user, 'editor.intent.deleted', { intent: params.name }, tenantId);
      return { status: 204 };
    },
  });
}

type PerLanguage = { de: string[]; en: string[] };

/** How many texts were added and removed per language, for the audit log (the texts stay in the corpora). */
function changes(before: PerLanguage | undefined, after: PerLanguage) {
  const count = (lang: 'de' | 'en') => {
    const old = new Set(before?.[lang] ?? []);
    const now = new Set(after[lang]);
    return {
      added: [...now].filter((text) => !old.has(text)).length,
      removed: [...old].filter((text) => !now.has(text)).length,
    };
  };
  return { de: count('de'), en: count('en') };
}

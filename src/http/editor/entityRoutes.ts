import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import { NamedEntity, NamedEntityInput } from '../../editor/intents/schemas.js';
import { EntityName } from '../../nlu/namedEntities.js';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { invalid, notFound } from '../openapi/errors.js';
import { EDITOR_TAGS, EDITORS, type EditorContext, SHARED_LAYER } from './context.js';

const EntityParams = z.object({ lang: Language, name: EntityName });
const tags = [EDITOR_TAGS.intents];

/** The draft's named entities (`@name` in utterances): list, create or replace, delete. */
export function entityRoutes(api: ApiRouter, context: EditorContext): void {
  const entities = context.namedEntities;

  api.route({
    method: 'get',
    path: '/api/editor/entities',
    operationId: 'listEntities',
    summary: 'The named entities of the draft, per language, by name',
    tags,
    roles: EDITORS,
    query: z.object({ lang: Language.optional() }),
    responses: { 200: z.object({ entities: z.array(NamedEntity) }) },
    handler: async ({ query }) => ({ status: 200, body: { entities: await entities.list(query) } }),
  });

  api.route({
    method: 'put',
    path: '/api/editor/entities/:lang/:name',
    operationId: 'putEntity',
    summary: "Creates or replaces a named entity of a language: an enum's options and synonyms, or a regex",
    description:
      "A new entity goes to the language's conversation corpus, an existing one stays in the corpus that defines " +
      'it. Utterances use it as `@name`; training puts in each option (its first synonym, else its value).',
    tags,
    roles: EDITORS,
    tenant: SHARED_LAYER,
    params: EntityParams,
    body: NamedEntityInput,
    bodyLimit: '1mb',
    responses: { 200: NamedEntity, 201: NamedEntity },
    handler: async ({ params, body, user }) => {
      const result = await entities.put(params.lang, params.name, body);
      if (!result.ok) return invalid(result.issues);
      const { entity, created } = result;
      await context.record(user, 'editor.entity.saved', {
        lang: entity.lang,
        entity: entity.name,
        type: entity.type,
        created,
        ...(entity.type === 'enum' ? { options: entity.options.length } : {}),
      });
      return { status: created ? 201 : 200, body: entity };
    },
  });

  api.route({
    method: 'delete',
    path: '/api/editor/entities/:lang/:name',
    operationId: 'deleteEntity',
    summary:
      "Deletes a named entity of a language; refused while utterances use it, the shared layer's or a municipality's",
    tags,
    roles: EDITORS,
    tenant: SHARED_LAYER,
    params: EntityParams,
    conflicts: ['entity_in_use'],
    responses: { 204: null },
    handler: async ({ params, user }) => {
      const result = await entities.delete(params.lang, params.name);
      if (result.status === 'not_found') return notFound();
      if (result.status === 'in_use') {
        return {
          status: 409,
          error: 'entity_in_use',
          message: `utterances of ${result.usedBy.join(', ')} use @${params.name}`,
        };
      }
      await context.record(user, 'editor.entity.deleted', { lang: params.lang, entity: params.name });
      return { status: 204 };
    },
  });
}

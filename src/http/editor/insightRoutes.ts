import { z } from 'zod';
import { tenantsOf } from '../../auth/tenantScope.js';
import type { Language } from '../../catalogue/schema.js';
import { recogniseEntities } from '../../nlu/entities/recogniseEntities.js';
import { mergeEntities, type NamedEntityMatch, NamedEntityRecogniser } from '../../nlu/namedEntities.js';
import type { ParseResult } from '../../nlu/Understanding.js';
import { tenantContent } from '../../tenants/tenantContent.js';
import type { ApiRouter } from '../openapi/ApiRouter.js';
import { invalid } from '../openapi/errors.js';
import { EDITOR_TAGS, EDITORS, type EditorContext, LayerQuery, READS_LAYER, SHARED_LAYER } from './context.js';
import { AnalyticsQuery, AnalyticsReport, AuditEntry, AuditQuery, TryRequest, TryResponse } from './schemas.js';

export const EDITOR_AUDIT_PREFIX = 'editor.';
const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
const tags = [EDITOR_TAGS.insight];

/** "Try it" with the live and the draft model, the analytics report and the workbench's audit log. */
export function insightRoutes(api: ApiRouter, context: EditorContext): void {
  api.route({
    method: 'post',
    path: '/api/editor/try',
    operationId: 'tryText',
    summary: 'What the live model and the newest trained draft make of a text, with the entities in it',
    description:
      'Besides the built-in entities (dates, e-mail addresses, …), `entities` holds the named entities as ' +
      "`{ type: 'named', name, value, text, start, end }`: the live side those of the live model, the draft side " +
      "those of the draft's corpora as they are now (recognising them needs no training). With `?tenant=` it is " +
      "what that municipality's citizens get now, and its own newest trained draft.",
    tags,
    roles: EDITORS,
    tenant: READS_LAYER,
    query: LayerQuery,
    body: TryRequest,
    notFound: true,
    responses: { 200: TryResponse },
    handler: async ({ query, body }) => {
      const tenantId = await context.layerTenant(query);
      const withEntities = (result: ParseResult, named: (lang: Language) => NamedEntityMatch[]) => ({
        ...result,
        entities: [
          ...recogniseEntities(body.text, {
            lang: result.lang,
            referenceDate: context.now(),
            ...context.entities,
          }),
          ...named(result.lang).map((match) => ({ type: 'named' as const, ...match })),
        ].sort((a, b) => a.start - b.start),
      });
      const understanding = context.knowledge(tenantId).understanding;
      const live = understanding.parse(body.text, body.lang ? { lang: body.lang } : {});
      const draft = await context.training.parseWithDraft(body.text, body.lang, tenantId);
      const draftNamed = async (): Promise<(lang: Language) => NamedEntityMatch[]> => {
        const files = (await tenantContent(context.storage, tenantId)).corpora;
        return (lang) =>
          new NamedEntityRecogniser(
            mergeEntities(files.filter((file) => file.corpus.locale === lang).map((file) => file.corpus.entities)),
          ).recognise(body.text);
      };
      return {
        status: 200,
        body: {
          live: withEntities(live, (lang) => understanding.model.recogniseNamedEntities(body.text, lang)),
          ...(draft ? { draft: { ...withEntities(draft.result, await draftNamed()), runId: draft.runId } } : {}),
        },
      };
    },
  });

  api.route({
    method: 'get',
    path: '/api/editor/analytics',
    operationId: 'getAnalytics',
    summary: 'Conversations, outcomes, top services, handovers and dialog funnels per day',
    description:
      'Days are UTC days `YYYY-MM-DD`, both included (also in the answer); by default the last 30 days up to today.',
    tags,
    roles: EDITORS,
    query: AnalyticsQuery,
    responses: { 200: AnalyticsReport },
    handler: async ({ query, user }) => {
      const today = Date.parse(context.now().toISOString().slice(0, 10));
      const to = query.to ? Date.parse(query.to) : today;
      const from = query.from ? Date.parse(query.from) : to - (DEFAULT_DAYS - 1) * DAY_MS;
      if (from > to) return invalid([{ path: ['query', 'from'], message: 'must not be after to' }]);
      if (to - from >= MAX_DAYS * DAY_MS) {
        return invalid([{ path: ['query', 'from'], message: `at most ${MAX_DAYS} days` }]);
      }
      // The report's periods are [from, to): the day after `to` ends it.
      // Of the tenants the editor works for; an admin's of every tenant.
      const report = await context.analytics.report(new Date(from), new Date(to + DAY_MS), tenantsOf(user));
      return { status: 200, body: { ...report, from: dayOf(from), to: dayOf(to) } };
    },
  });

  api.route({
    method: 'get',
    path: '/api/editor/audit',
    operationId: 'listEditorAudit',
    summary: "The workbench's changes and publications (audit actions `editor.…`), newest first",
    description:
      'Page back with `before` = the smallest `id` of the previous page. An editor reads the changes of the shared ' +
      "layer and of the municipalities they work for; an admin every municipality's.",
    tags,
    roles: EDITORS,
    query: AuditQuery,
    responses: { 200: z.object({ entries: z.array(AuditEntry) }) },
    handler: async ({ query, user }) => {
      const { limit, before } = query;
      const own = tenantsOf(user);
      const entries = await context.storage.audit.listAudit({
        actionPrefix: EDITOR_AUDIT_PREFIX,
        limit,
        beforeId: before,
        ...(own && { tenants: [...new Set([SHARED_LAYER, ...own])] }),
      });
      return { status: 200, body: { entries } };
    },
  });
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

import type { AuthService } from '../../auth/AuthService.js';
import type { Knowledge } from '../../bot/GovBot.js';
import { CatalogueEditor } from '../../editor/catalogue/CatalogueEditor.js';
import { EntityEditor } from '../../editor/intents/EntityEditor.js';
import { IntentEditor } from '../../editor/intents/IntentEditor.js';
import type { DialogRef } from '../../editor/intents/schemas.js';
import type { AnalyticsPort, InboxPort, PublishingPort, TrainingPort } from '../../editor/ports.js';
import { WorkbenchConflict } from '../../editor/ports.js';
import type { Logger } from '../../logger.js';
import type { Storage } from '../../storage/repositories.js';
import { layeredCatalogue, municipalLayers } from '../../tenants/tenantContent.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { ApiRouter } from '../openapi/ApiRouter.js';
import { catalogueRoutes } from './catalogueRoutes.js';
import type { EditorContext, EditorLayer } from './context.js';
import { entityRoutes } from './entityRoutes.js';
import { inboxRoutes } from './inboxRoutes.js';
import { insightRoutes } from './insightRoutes.js';
import { intentRoutes } from './intentRoutes.js';
import { layerRoutes } from './layerRoutes.js';
import { trainingRoutes } from './trainingRoutes.js';

export interface EditorRouterOptions {
  auth: AuthService;
  storage: Pick<Storage, 'intents' | 'catalogue' | 'mustPass' | 'audit' | 'tenants' | 'knowledgeOf'>;
  /** The loaded form dialogs: `{ id, title (German), serviceId (its main catalogue entry) }`. */
  dialogs: readonly DialogRef[];
  training: TrainingPort;
  publishing: PublishingPort;
  inbox: InboxPort;
  analytics: AnalyticsPort;
  /** What a tenant answers with now, for "try it" (its own live version, or the shared one). */
  knowledge: (tenantId: string) => Knowledge;
  /** How "try it" recognises entities, as the bot does: the municipality's districts and time zone. */
  entities?: { districts?: readonly string[]; timeZone?: string };
  logger?: Logger;
  now?: () => Date;
}

/**
 * The editors' workbench API under `/api/editor` (docs/editor.md): intents, named entities and catalogue of the draft, the inbox,
 * must-pass questions, training runs, versions, "try it", analytics and the workbench's audit log. Requests and
 * answers are checked against the schemas the OpenAPI document is made from (serve it with `createOpenApiRouter`).
 * Every change is audited with who made it; the training, publishing and inbox services audit their own. Intents,
 * catalogue, training and versions work on the shared layer, or with `?tenant=` on a municipality's own.
 */
export function createEditorRouter(options: EditorRouterOptions): ApiRouter {
  const now = () => options.now?.() ?? new Date();
  const { storage } = options;
  const shared = editorLayer(options, DEFAULT_TENANT);
  const context: EditorContext = {
    ...options,
    now,
    namedEntities: new EntityEditor(storage.intents, () => municipalLayers(storage)),
    async layerTenant({ tenant }) {
      if (tenant === undefined || tenant === DEFAULT_TENANT) return DEFAULT_TENANT;
      if (!(await storage.tenants.findTenant(tenant))) {
        throw new WorkbenchConflict('not_found', `there is no tenant ${tenant}`);
      }
      return tenant;
    },
    async layer(query) {
      const tenantId = await context.layerTenant(query);
      return tenantId === DEFAULT_TENANT ? shared : editorLayer(options, tenantId);
    },
    async record(user, action, details, tenantId = DEFAULT_TENANT) {
      await storage.audit.appendAudit({
        at: now().toISOString(),
        actorId: user.id,
        actorName: user.name,
        action,
        conversationId: undefined,
        tenantId,
        details: tenantId === DEFAULT_TENANT ? details : { tenant: tenantId, ...details },
      });
    },
  };
  const api = new ApiRouter({ auth: options.auth, logger: options.logger });
  layerRoutes(api, context);
  intentRoutes(api, context);
  entityRoutes(api, context);
  catalogueRoutes(api, context);
  inboxRoutes(api, context);
  trainingRoutes(api, context);
  insightRoutes(api, context);
  return api;
}

/** The editors of the shared layer, or of a municipality's own layer with the shared one beneath. */
function editorLayer(options: EditorRouterOptions, tenantId: string): EditorLayer {
  const { storage, dialogs } = options;
  const { intents, catalogue } = storage.knowledgeOf(tenantId);
  const shared = tenantId === DEFAULT_TENANT ? undefined : storage.knowledgeOf(DEFAULT_TENANT);
  return {
    tenantId,
    intents: new IntentEditor({
      intents,
      catalogue: layeredCatalogue(catalogue, shared?.catalogue),
      dialogs,
      ...(shared ? { shared: { intents: shared.intents } } : { municipalities: () => municipalLayers(storage) }),
    }),
    catalogue: new CatalogueEditor({
      catalogue,
      intents,
      ...(shared ? { shared: shared.catalogue } : { municipalities: () => municipalLayers(storage) }),
    }),
  };
}

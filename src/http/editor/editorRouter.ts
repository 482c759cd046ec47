import type { AuthService } from '../../auth/AuthService.js';
import type { Knowledge } from '../../bot/GovBot.js';
import { CatalogueEditor } from '../../editor/catalogue/CatalogueEditor.js';
import { EntityEditor } from '../../editor/intents/EntityEditor.js';
import { IntentEditor } from '../../editor/intents/IntentEditor.js';
import type { DialogRef } from '../../editor/intents/schemas.js';
import type { AnalyticsPort, InboxPort, PublishingPort, TrainingPort } from '../../editor/ports.js';
import type { Logger } from '../../logger.js';
import type { Storage } from '../../storage/repositories.js';
import { ApiRouter } from '../openapi/ApiRouter.js';
import { catalogueRoutes } from './catalogueRoutes.js';
import type { EditorContext } from './context.js';
import { entityRoutes } from './entityRoutes.js';
import { inboxRoutes } from './inboxRoutes.js';
import { insightRoutes } from './insightRoutes.js';
import { intentRoutes } from './intentRoutes.js';
import { trainingRoutes } from './trainingRoutes.js';

export interface EditorRouterOptions {
  auth: AuthService;
  storage: Pick<Storage, 'intents' | 'catalogue' | 'mustPass' | 'audit'>;
  /** The loaded form dialogs: `{ id, title (German), serviceId (its main catalogue entry) }`. */
  dialogs: readonly DialogRef[];
  training: TrainingPort;
  publishing: PublishingPort;
  inbox: InboxPort;
  analytics: AnalyticsPort;
  /** The live understanding, for "try it". */
  knowledge: () => Knowledge;
  /** How "try it" recognises entities, as the bot does: the municipality's districts and time zone. */
  entities?: { districts?: readonly string[]; timeZone?: string };
  logger?: Logger;
  now?: () => Date;
}

/**
 * The editors' workbench API under `/api/editor` (docs/editor.md): intents, named entities and catalogue of the draft, the inbox,
 * must-pass questions, training runs, versions, "try it", analytics and the workbench's audit log. Requests and
 * answers are checked against the schemas the OpenAPI document is made from (serve it with `createOpenApiRouter`).
 * Every change is audited with who made it; the training, publishing and inbox services audit their own.
 */
export function createEditorRouter(options: EditorRouterOptions): ApiRouter {
  const now = () => options.now?.() ?? new Date();
  const { storage } = options;
  const context: EditorContext = {
    ...options,
    now,
    intents: new IntentEditor({ intents: storage.intents, catalogue: storage.catalogue, dialogs: options.dialogs }),
    namedEntities: new EntityEditor(storage.intents),
    catalogue: new CatalogueEditor({ catalogue: storage.catalogue, intents: storage.intents }),
    async record(user, action, details) {
      await storage.audit.appendAudit({
        at: now().toISOString(),
        actorId: user.id,
        actorName: user.name,
        action,
        conversationId: undefined,
        details,
      });
    },
  };
  const api = new ApiRouter({ auth: options.auth, logger: options.logger });
  intentRoutes(api, context);
  entityRoutes(api, context);
  catalogueRoutes(api, context);
  inboxRoutes(api, context);
  trainingRoutes(api, context);
  insightRoutes(api, context);
  return api;
}

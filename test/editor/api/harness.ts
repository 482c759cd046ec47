import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { inject } from 'vitest';
import { AuthService } from '../../../src/auth/AuthService.js';
import type { StaffRole } from '../../../src/auth/types.js';
import type { Knowledge } from '../../../src/bot/GovBot.js';
import { DEFAULT_DIALOGS_DIR, loadDialogsDir } from '../../../src/dialogs/loadDialogsDir.js';
import { AnalyticsService } from '../../../src/editor/analytics/AnalyticsService.js';
import { InboxService } from '../../../src/editor/inbox/InboxService.js';
import { dialogRefs } from '../../../src/editor/intents/dialogRefs.js';
import type { AnalyticsPort, InboxPort, PublishingPort, TrainingPort } from '../../../src/editor/ports.js';
import { loadLiveKnowledge } from '../../../src/editor/publishing/loadLiveKnowledge.js';
import { PublishingService } from '../../../src/editor/publishing/PublishingService.js';
import type { LiveKnowledge } from '../../../src/editor/publishing/versionKnowledge.js';
import { TrainingService } from '../../../src/editor/training/TrainingService.js';
import { createEditorRouter } from '../../../src/http/editor/editorRouter.js';
import type { ApiRouter } from '../../../src/http/openapi/ApiRouter.js';
import { createOpenApiRouter } from '../../../src/http/openapi/createOpenApiRouter.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/openSqliteStorage.js';
import { TenantKnowledge } from '../../../src/tenants/TenantKnowledge.js';
import { DEFAULT_TENANT } from '../../../src/tenants/types.js';
import { type CallOptions, closeServer, listen, loginStaff, type Reply, staffRequest } from '../../support/staffApi.js';

export type Who = 'anna' | 'eddi' | 'pia' | 'ada';
/** One user per staff role: an agent, an editor, a publisher, an admin. */
export const STAFF: Record<Who, StaffRole> = { anna: 'agent', eddi: 'editor', pia: 'publisher', ada: 'admin' };

export type { Reply };

export interface EditorApiHarness {
  storage: Storage;
  base: string;
  api: ApiRouter;
  training: TrainingPort & { idle?: () => Promise<void> };
  /** The bot's current knowledge (of `tenantId`, default the shared one), swapped on every publication. */
  knowledge(tenantId?: string): Knowledge;
  userId(who: Who): string;
  /** A request as the workbench sends it: session cookie, and the CSRF token unless `csrf: false`. */
  call(who: Who | undefined, method: string, path: string, body?: unknown, options?: CallOptions): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * The editor API on a real express server (port 0) over a copy of the run's template data directory (catalogue,
 * corpora, trained model), with the real training, publishing, inbox and analytics services unless `ports` replaces
 * some. Logs in one user per staff role.
 */
export async function startEditorApi(
  ports: Partial<{
    training: TrainingPort;
    publishing: PublishingPort;
    inbox: InboxPort;
    analytics: AnalyticsPort;
  }> = {},
  options: { now?: () => Date } = {},
): Promise<EditorApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-editor-api-'));
  copyFileSync(join(inject('templateDataDir'), 'govbot.sqlite'), join(dir, 'govbot.sqlite'));
  const storage = openSqliteStorage(join(dir, 'govbot.sqlite'));
  const live: LiveKnowledge = await loadLiveKnowledge(storage);
  const knowledge = new TenantKnowledge(live);
  const { dialogs } = loadDialogsDir(DEFAULT_DIALOGS_DIR, {
    serviceIds: new Set(live.services.map((service) => service.id)),
  });

  const auth = new AuthService(storage.users);
  const session = await loginStaff(storage, auth, STAFF);

  const training =
    ports.training ??
    (await TrainingService.create({ storage, gate: { folds: 2, conversations: { skip: 'editor API tests' } } }));
  const api = createEditorRouter({
    auth,
    storage,
    dialogs: dialogRefs(dialogs),
    training,
    publishing:
      ports.publishing ??
      new PublishingService({
        storage,
        onLive: (next, tenantId) => {
          knowledge.goLive(tenantId, next);
        },
      }),
    inbox:
      ports.inbox ??
      new InboxService({
        storage,
        model: () => knowledge.of(DEFAULT_TENANT).understanding.model,
        now: options.now,
      }),
    analytics: ports.analytics ?? new AnalyticsService({ storage }),
    knowledge: (tenantId) => knowledge.of(tenantId),
    now: options.now,
  });
  const app = express();
  app.use(api.router);
  app.use(createOpenApiRouter({ apis: [api], version: 'test' }));
  const { server, base } = await listen(app);

  return {
    storage,
    base,
    api,
    training,
    knowledge: (tenantId = DEFAULT_TENANT) => knowledge.of(tenantId),
    userId: (who) => session(who).userId,
    async call(who, method, path, body, callOptions) {
      return staffRequest(`${base}${path}`, who === undefined ? undefined : session(who), method, body, callOptions);
    },
    async close() {
      if (training instanceof TrainingService) await training.close();
      await closeServer(server);
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { z } from 'zod';
import type { AuthService } from '../../auth/AuthService.js';
import type { User } from '../../auth/types.js';
import type { Logger } from '../../logger.js';
import { ConversationExport, exportConversation } from '../../privacy/exportConversation.js';
import type { Storage } from '../../storage/repositories.js';
import { ApiRouter } from '../openapi/ApiRouter.js';
import { notFound } from '../openapi/errors.js';

export interface PrivacyRouterOptions {
  auth: AuthService;
  storage: Storage;
  /** `conversationEraser`: the same deletion as the citizen's "Chat löschen". */
  eraseConversation: (conversationId: string, actor: { id?: string; name: string; ipHash?: string }) => Promise<void>;
  /** `ipHasher`: the keyed hash of the admin's IP address for the audit log, or undefined (not stored). */
  hashIp: (ip: string | undefined) => string | undefined;
  now?: () => Date;
  logger?: Logger;
}

const ADMINS = ['admin'] as const;
const tags = ['Privacy'];
const Params = z.object({ id: z.string().min(1).max(200) });

/**
 * The data protection officer's API under `/api/admin/conversations` (docs/privacy.md): export everything held about
 * a conversation, or delete it, by its id. Admins only; both are written to the audit log with who did it.
 */
export function createPrivacyRouter(options: PrivacyRouterOptions): ApiRouter {
  const { storage } = options;
  const now = () => options.now?.() ?? new Date();
  const api = new ApiRouter({ auth: options.auth, logger: options.logger });
  const actor = (user: User, ip: string | undefined) => {
    const ipHash = options.hashIp(ip);
    return { id: user.id, name: user.name, ...(ipHash ? { ipHash } : {}) };
  };

  api.route({
    method: 'get',
    path: '/api/admin/conversations/:id/export',
    operationId: 'exportConversation',
    summary: 'Everything held about a conversation, as JSON (right of access and portability)',
    description: 'With `files=true` the uploaded files are included as base64. The export is audited.',
    tags,
    roles: ADMINS,
    params: Params,
    query: z.object({ files: z.enum(['true', 'false']).default('false') }),
    notFound: true,
    responses: { 200: ConversationExport },
    handler: async ({ params, query, user, req }) => {
      const files = query.files === 'true';
      const exported = await exportConversation(storage, params.id, { files, now: now() });
      if (!exported) return notFound(`nothing is stored about conversation ${params.id}`);
      const { ipHash, ...who } = actor(user, req.ip);
      await storage.audit.appendAudit({
        at: now().toISOString(),
        actorId: who.id,
        actorName: who.name,
        action: 'conversation.exported',
        conversationId: params.id,
        tenantId: (await storage.conversations.findConversation(params.id))?.tenantId,
        details: { files, ...(ipHash ? { ipHash } : {}) },
      });
      return { status: 200, body: exported };
    },
  });

  api.route({
    method: 'delete',
    path: '/api/admin/conversations/:id',
    operationId: 'deleteConversation',
    summary: 'Deletes a conversation as "Chat löschen" does (right to erasure)',
    description:
      'Transcript, drafts, handovers and notes, inbox entries and files not part of an application go; submitted ' +
      'applications and contact requests stay under their own retention. The deletion is audited.',
    tags,
    roles: ADMINS,
    params: Params,
    notFound: true,
    responses: { 204: null },
    handler: async ({ params, user, req }) => {
      if (!(await storage.conversations.findConversation(params.id))) {
        return notFound(`no conversation ${params.id}`);
      }
      await options.eraseConversation(params.id, actor(user, req.ip));
      return { status: 204 };
    },
  });
  return api;
}

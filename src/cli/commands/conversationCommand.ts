import { z } from 'zod';
import { conversationEraser } from '../../privacy/eraseConversation.js';
import { exportConversation } from '../../privacy/exportConversation.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { parseOptions } from '../parseOptions.js';

const ExportOptions = z.object({ dataDir: z.string().min(1), files: z.boolean().default(false) });
const DeleteOptions = z.object({ dataDir: z.string().min(1) });
const CLI_ACTOR = { name: 'cli' };

/**
 * `govbot conversation export <id> [--files]`: everything held about the conversation as JSON on stdout (see
 * docs/privacy.md), the uploaded files as base64 with `--files`. Audited as an export by `cli`.
 */
export async function conversationExportCommand(conversationId: string, rawOptions: unknown): Promise<void> {
  const options = parseOptions(ExportOptions, rawOptions);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    const exported = await exportConversation(storage, conversationId, { files: options.files });
    if (!exported) throw new Error(`nothing is stored about conversation ${conversationId}`);
    await storage.audit.appendAudit({
      at: exported.exportedAt,
      actorId: undefined,
      actorName: CLI_ACTOR.name,
      action: 'conversation.exported',
      conversationId,
      tenantId: (await storage.conversations.findConversation(conversationId))?.tenantId,
      details: { files: options.files },
    });
    process.stdout.write(`${JSON.stringify(exported, null, 2)}\n`);
  } finally {
    await storage.close();
  }
}

/**
 * `govbot conversation delete <id>`: deletes the conversation as "Chat löschen" does, audited as done by `cli`. A chat
 * an agent is on is refused: only the running server can end it and tell the agent (use the admin API then).
 */
export async function conversationDeleteCommand(conversationId: string, rawOptions: unknown): Promise<void> {
  const options = parseOptions(DeleteOptions, rawOptions);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    if (!(await storage.conversations.findConversation(conversationId))) {
      throw new Error(`no conversation ${conversationId}`);
    }
    if (await storage.handovers.findActiveHandover(conversationId)) {
      throw new Error(
        `conversation ${conversationId} is with the service centre: delete it with DELETE /api/admin/conversations/:id`,
      );
    }
    const erase = conversationEraser({
      handovers: { citizenErased: async () => undefined },
      // What the server remembers of a conversation lives in its memory, not in this process.
      recorder: { forget: async () => undefined },
      storage,
    });
    await erase(conversationId, CLI_ACTOR);
    process.stdout.write(`deleted conversation ${conversationId}\n`);
  } finally {
    await storage.close();
  }
}

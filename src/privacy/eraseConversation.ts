import type { WorkbenchRecorder } from '../editor/analytics/WorkbenchRecorder.js';
import type { HandoverService } from '../handover/HandoverService.js';
import type { Storage } from '../storage/repositories.js';

export interface ConversationEraserDeps {
  handovers: Pick<HandoverService, 'citizenErased'>;
  recorder: Pick<WorkbenchRecorder, 'forget'>;
  storage: Pick<Storage, 'inbox' | 'conversations' | 'audit'>;
}

/**
 * Deletes a conversation and whatever holds the citizen's words: transcript, bot state and form drafts, files that are
 * not part of a submitted application, inbox entries and what is remembered in memory. A waiting or running handover
 * ends first. Submitted applications and contact requests stay (they are requests to the administration, with their
 * own retention), and so do the analytics counters (no text). The audit log records that it happened, with no
 * personal data. `actor` is who asked: the citizen ("Chat löschen"), a member of staff (with the keyed hash of their IP
 * address when GOVBOT_STORE_IP_HASHES is on) or `cli`.
 */
export function conversationEraser({ handovers, recorder, storage }: ConversationEraserDeps) {
  return async (
    conversationId: string,
    actor: { id?: string; name: string; ipHash?: string } = { name: 'citizen' },
  ) => {
    const tenantId = (await storage.conversations.findConversation(conversationId))?.tenantId;
    const handover = await handovers.citizenErased(conversationId);
    await recorder.forget(conversationId);
    const inboxEntries = await storage.inbox.deleteInboxEntriesOfConversation(conversationId);
    await storage.conversations.deleteConversation(conversationId);
    await storage.audit.appendAudit({
      at: new Date().toISOString(),
      actorId: actor.id,
      actorName: actor.name,
      action: 'conversation.erased',
      conversationId,
      tenantId,
      details: { handover: handover?.status ?? null, inboxEntries, ...(actor.ipHash ? { ipHash: actor.ipHash } : {}) },
    });
  };
}

import { z } from 'zod';
import type { Storage } from '../storage/repositories.js';

/** Audit entries about one conversation are few (handovers, erasure, exports); this bounds a damaged log. */
const MAX_AUDIT_ENTRIES = 1000;

/**
 * Everything GovBot holds about one conversation, as handed to the citizen (DSGVO Art. 15 and 20). The items are the
 * stored records as they are (documented in docs/privacy.md); their shapes are the repositories' types.
 */
export const ConversationExport = z
  .object({
    conversationId: z.string(),
    exportedAt: z.string(),
    conversation: z.unknown().describe('tenant, channel, language, created and last active; null once erased'),
    transcript: z.array(z.unknown()).describe('the stored activities, oldest first (files as upload references)'),
    uploads: z.array(z.unknown()).describe('uploaded files: metadata, and the bytes as base64 with ?files=true'),
    state: z.record(z.string(), z.unknown()).describe('bot state and form drafts, by storage key'),
    handovers: z.array(z.unknown()),
    notes: z.array(z.unknown()).describe("agents' notes on the handovers"),
    applications: z.array(z.unknown()).describe('submitted applications with their references and deliveries'),
    tickets: z.array(z.unknown()).describe('contact requests'),
    inboxEntries: z.array(z.unknown()).describe("the editors' inbox entries (already scrubbed)"),
    audit: z.array(z.unknown()).describe('audit log entries about the conversation'),
  })
  .meta({ id: 'ConversationExport' });
export type ConversationExport = z.infer<typeof ConversationExport>;

/**
 * Collects the conversation's records; undefined when GovBot holds nothing under that id. Applications, contact
 * requests and audit entries outlive an erased conversation, so they are exported even when the conversation is gone.
 */
export async function exportConversation(
  storage: Storage,
  conversationId: string,
  options: { files?: boolean; now?: Date } = {},
): Promise<ConversationExport | undefined> {
  const conversation = await storage.conversations.findConversation(conversationId);
  const ids = await storage.privacy.conversationRecordIds(conversationId);
  const audit = await storage.audit.listAudit({ conversationId, limit: MAX_AUDIT_ENTRIES });
  if (!conversation && Object.values(ids).every((list) => list.length === 0) && audit.length === 0) return undefined;

  const uploads = await Promise.all(
    ids.uploadIds.map(async (id) => {
      const upload = await storage.uploads.findUpload(id);
      if (!upload) return undefined;
      const { data, ...meta } = upload;
      return options.files ? { ...meta, data: data.toString('base64') } : meta;
    }),
  );
  const applications = await Promise.all(
    ids.applicationReferences.map(async (reference) => ({
      ...(await storage.applications.findApplication(reference)),
      deliveries: await storage.applications.listDeliveries({ reference }),
    })),
  );
  const tickets = await Promise.all(ids.ticketIds.map((id) => storage.tickets.findTicket(id)));
  const state = await storage.state.readState(ids.stateKeys);
  return {
    conversationId,
    exportedAt: (options.now ?? new Date()).toISOString(),
    conversation: conversation ?? null,
    transcript: await storage.transcripts.listActivities(conversationId),
    uploads: uploads.filter((upload) => upload !== undefined),
    state: Object.fromEntries(Object.entries(state).map(([key, entry]) => [key, entry.value])),
    handovers: await storage.handovers.listHandovers(conversationId),
    notes: await storage.handovers.listNotes(conversationId),
    applications,
    tickets: tickets.filter((ticket) => ticket !== undefined),
    inboxEntries: await storage.inbox.findInboxEntries(ids.inboxEntryIds),
    audit,
  };
}

import type { Storage } from '../../src/storage/repositories.js';
import { submission, tokenHash } from '../applications/fixtures.js';
import { newHandover } from '../storage/contract/fixtures.js';

/** What a citizen typed: a name, an e-mail address, a phone number and an IBAN. */
export const PERSONAL_TEXT =
  'Ich heiße Erika Mustermann, erika.mustermann@example.de, Tel. 0171 2345678, IBAN DE89 3704 0044 0532 0130 00';
export const PERSONAL_VALUES = ['Erika Mustermann', 'erika.mustermann@example.de', '0171 2345678', 'DE89 3704'];

export interface SeededCitizen {
  conversationId: string;
  stateKey: string;
  handoverId: string;
  uploadId: string;
  ticketId: string;
  inboxEntryId: string;
}

/**
 * A conversation with everything a citizen can leave behind at the storage's current time: a message with personal
 * data, bot state, an ended handover with an agent's note, an uploaded file, a contact request (done unless
 * `ticketStatus` says otherwise) and an inbox entry.
 */
export async function seedCitizen(
  storage: Storage,
  conversationId: string,
  options: { ticketStatus?: 'open' | 'done'; tenantId?: string } = {},
): Promise<SeededCitizen> {
  const now = new Date().toISOString();
  await storage.conversations.createConversation({
    id: conversationId,
    channel: 'socketio',
    locale: 'de',
    tenantId: options.tenantId,
  });
  await storage.transcripts.appendActivity(conversationId, {
    type: 'message',
    from: { role: 'user' },
    text: PERSONAL_TEXT,
  });
  const stateKey = `socketio/conversations/${conversationId}/`;
  await storage.state.writeState({ [stateKey]: { value: { draft: { name: 'Erika Mustermann' } } } });
  const handover = await storage.handovers.createHandover(newHandover(conversationId, now));
  await storage.handovers.transitionHandover(handover.id, ['queued'], { status: 'completed', endedAt: now });
  await storage.handovers.addNote({
    handoverId: handover.id,
    conversationId,
    authorId: 'a1',
    authorName: 'Agentin Meyer',
    text: 'Frau Mustermann ruft zurück.',
  });
  const upload = await storage.uploads.saveUpload({
    conversationId,
    name: 'ausweis.pdf',
    contentType: 'application/pdf',
    data: Buffer.from('%PDF-1.4 Erika'),
  });
  const ticket = await storage.tickets.createTicket({
    conversationId,
    tenantId: options.tenantId,
    name: 'Erika Mustermann',
    email: 'erika.mustermann@example.de',
    phone: '0171 2345678',
    question: 'Bitte um Rückruf',
    lang: 'de',
    topic: undefined,
    consentAt: now,
  });
  if ((options.ticketStatus ?? 'done') === 'done') await storage.tickets.updateTicket(ticket.id, { status: 'done' });
  const inbox = await storage.inbox.addInboxEntry({
    at: now,
    conversationId,
    lang: 'de',
    text: 'Ich heiße [NAME]',
    reason: 'out_of_scope',
    intent: 'None',
    score: 0.1,
  });
  return {
    conversationId,
    stateKey,
    handoverId: handover.id,
    uploadId: upload.id,
    ticketId: ticket.id,
    inboxEntryId: inbox.id,
  };
}

/** Submits an application of the conversation with `uploadId` attached; returns its reference. */
export async function seedApplication(
  storage: Storage,
  conversationId: string,
  uploadId: string,
  n: number,
  tenantId?: string,
) {
  const upload = await storage.uploads.findUpload(uploadId);
  if (!upload) throw new Error(`no upload ${uploadId}`);
  const { reference } = await storage.applications.submitApplication(
    submission({
      tenantId,
      submissionKey: `draft-${n}`,
      conversationId,
      attachments: [
        {
          path: 'idCopy',
          uploadId,
          name: upload.name,
          contentType: upload.contentType,
          size: upload.size,
          sha256: upload.sha256,
        },
      ],
    }),
    tokenHash(n),
  );
  return reference;
}

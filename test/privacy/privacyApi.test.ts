import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthService } from '../../src/auth/AuthService.js';
import { createOpenApiRouter } from '../../src/http/openapi/createOpenApiRouter.js';
import { createPrivacyRouter } from '../../src/http/privacy/privacyRouter.js';
import { conversationEraser } from '../../src/privacy/eraseConversation.js';
import { ipHasher } from '../../src/privacy/ipHasher.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { closeServer, listen, loginStaff, type StaffSession, staffRequest } from '../support/staffApi.js';
import { PERSONAL_TEXT, seedApplication, seedCitizen } from './seedCitizen.js';

const STAFF = { ada: 'admin', anna: 'agent', eddi: 'editor' } as const;
type Who = keyof typeof STAFF;
const Export = z.object({
  conversationId: z.string(),
  conversation: z.object({ id: z.string() }).nullable(),
  transcript: z.array(z.object({ activity: z.object({ text: z.string() }) })),
  uploads: z.array(z.object({ id: z.string(), name: z.string(), data: z.string().optional() })),
  state: z.record(z.string(), z.unknown()),
  handovers: z.array(z.object({ id: z.string() })),
  notes: z.array(z.object({ text: z.string() })),
  applications: z.array(z.object({ reference: z.string(), deliveries: z.array(z.unknown()) })),
  tickets: z.array(z.object({ email: z.string().optional() })),
  inboxEntries: z.array(z.object({ id: z.string() })),
  audit: z.array(z.object({ action: z.string() })),
});

/** The privacy API on a real HTTP server over an in-memory database, with an admin, an agent and an editor. */
async function startPrivacyApi(options: { ipHashSecret?: string } = {}) {
  const storage = openSqliteStorage(':memory:');
  const auth = new AuthService(storage.users);
  const session = await loginStaff(storage, auth, STAFF);
  const api = createPrivacyRouter({
    auth,
    storage,
    eraseConversation: conversationEraser({
      handovers: { citizenErased: async () => undefined },
      recorder: { forget: async () => undefined },
      storage,
    }),
    hashIp: ipHasher(options.ipHashSecret),
  });
  const app = express();
  app.use(api.router);
  app.use(createOpenApiRouter({ apis: [api], version: 'test' }));
  const { server, base } = await listen(app);
  return {
    storage,
    call: (who: Who | undefined, method: string, path: string, csrf = true) =>
      staffRequest(`${base}${path}`, who && session(who), method, undefined, { csrf }),
    session: (who: Who): StaffSession => session(who),
    async close() {
      await closeServer(server);
      await storage.close();
    },
  };
}

describe('privacy API: export and delete a conversation', () => {
  let h: Awaited<ReturnType<typeof startPrivacyApi>>;
  let storage: Storage;
  beforeEach(async () => {
    h = await startPrivacyApi();
    storage = h.storage;
  });
  afterEach(async () => {
    await h.close();
  });

  it('exports everything about the conversation to an admin, and audits it', async () => {
    const seeded = await seedCitizen(storage, 'c1');
    const reference = await seedApplication(storage, 'c1', seeded.uploadId, 1);
    await seedCitizen(storage, 'someone-else');

    const reply = await h.call('ada', 'GET', '/api/admin/conversations/c1/export');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const exported = Export.parse(reply.json);
    expect(exported.conversation?.id).toBe('c1');
    expect(exported.transcript.map((entry) => entry.activity.text)).toEqual([PERSONAL_TEXT]);
    expect(exported.uploads).toEqual([expect.objectContaining({ id: seeded.uploadId, name: 'ausweis.pdf' })]);
    expect(exported.uploads[0]?.data).toBeUndefined();
    expect(Object.keys(exported.state)).toEqual([seeded.stateKey]);
    expect(exported.handovers.map((handover) => handover.id)).toEqual([seeded.handoverId]);
    expect(exported.notes).toHaveLength(1);
    expect(exported.applications.map((application) => application.reference)).toEqual([reference]);
    expect(exported.applications[0]?.deliveries).toHaveLength(2);
    expect(exported.tickets).toEqual([expect.objectContaining({ email: 'erika.mustermann@example.de' })]);
    expect(exported.inboxEntries.map((entry) => entry.id)).toEqual([seeded.inboxEntryId]);
    expect(JSON.stringify(reply.json)).not.toContain('someone-else');

    const [audit] = await storage.audit.listAudit({ conversationId: 'c1', action: 'conversation.exported' });
    expect(audit).toMatchObject({ actorName: 'ada', actorId: h.session('ada').userId, details: { files: false } });
    expect(audit?.details).not.toHaveProperty('ipHash');
  });

  it('includes the files as base64 when asked', async () => {
    await seedCitizen(storage, 'c1');
    const reply = await h.call('ada', 'GET', '/api/admin/conversations/c1/export?files=true');
    const [upload] = Export.parse(reply.json).uploads;
    expect(Buffer.from(upload?.data ?? '', 'base64').toString()).toBe('%PDF-1.4 Erika');
  });

  it('deletes the conversation as "Chat löschen" does, audited with the admin', async () => {
    const seeded = await seedCitizen(storage, 'c1');
    const reply = await h.call('ada', 'DELETE', '/api/admin/conversations/c1');
    expect(reply.status).toBe(204);
    expect(await storage.conversations.findConversation('c1')).toBeUndefined();
    expect(await storage.transcripts.listActivities('c1')).toEqual([]);
    expect(await storage.uploads.findUpload(seeded.uploadId)).toBeUndefined();
    expect(await storage.inbox.findInboxEntries([seeded.inboxEntryId])).toEqual([]);
    const [audit] = await storage.audit.listAudit({ conversationId: 'c1', action: 'conversation.erased' });
    expect(audit).toMatchObject({ actorName: 'ada', actorId: h.session('ada').userId });

    // The contact request stays under its own retention; the export still shows it and the erasure.
    const after = Export.parse((await h.call('ada', 'GET', '/api/admin/conversations/c1/export')).json);
    expect(after.conversation).toBeNull();
    expect(after.tickets).toHaveLength(1);
    expect(after.audit.map((entry) => entry.action)).toContain('conversation.erased');
  });

  it('answers 404 for an unknown conversation', async () => {
    expect((await h.call('ada', 'GET', '/api/admin/conversations/nope/export')).status).toBe(404);
    expect((await h.call('ada', 'DELETE', '/api/admin/conversations/nope')).status).toBe(404);
  });

  it('is for admins only, and a deletion needs the CSRF token', async () => {
    await seedCitizen(storage, 'c1');
    expect((await h.call(undefined, 'GET', '/api/admin/conversations/c1/export')).status).toBe(401);
    for (const who of ['anna', 'eddi'] as const) {
      expect((await h.call(who, 'GET', '/api/admin/conversations/c1/export')).status).toBe(403);
      expect((await h.call(who, 'DELETE', '/api/admin/conversations/c1')).status).toBe(403);
    }
    const withoutToken = await h.call('ada', 'DELETE', '/api/admin/conversations/c1', false);
    expect(withoutToken).toMatchObject({ status: 403, json: { error: 'csrf' } });
    expect(await storage.conversations.findConversation('c1')).toBeDefined();
    expect(await storage.audit.listAudit({ conversationId: 'c1' })).toEqual([]);
  });

  it('is described in the OpenAPI document', async () => {
    const document = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })
      .parse((await h.call(undefined, 'GET', '/api/openapi.json')).json);
    expect(Object.keys(document.paths['/api/admin/conversations/{id}/export'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/api/admin/conversations/{id}'] ?? {})).toEqual(['delete']);
  });
});

describe('privacy API with GOVBOT_STORE_IP_HASHES on', () => {
  it("audits the keyed hash of the admin's address, never the address", async () => {
    const secret = 'a-secret-of-at-least-thirty-two-characters';
    const h = await startPrivacyApi({ ipHashSecret: secret });
    try {
      await seedCitizen(h.storage, 'c1');
      await h.call('ada', 'GET', '/api/admin/conversations/c1/export');
      await h.call('ada', 'DELETE', '/api/admin/conversations/c1');
      const entries = await h.storage.audit.listAudit({ conversationId: 'c1' });
      expect(entries.map((entry) => entry.action).sort()).toEqual(['conversation.erased', 'conversation.exported']);
      for (const entry of entries) {
        expect(entry.details.ipHash).toBe(ipHasher(secret)('127.0.0.1'));
        expect(JSON.stringify(entry)).not.toContain('127.0.0.1');
      }
    } finally {
      await h.close();
    }
  });
});

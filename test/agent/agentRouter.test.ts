import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthService } from '../../src/auth/AuthService.js';
import type { CannedResponseInput, NewTicket, Ticket } from '../../src/handover/types.js';
import { createAgentRouter } from '../../src/http/agentRouter.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { newHandover } from '../storage/contract/fixtures.js';
import {
  type CallOptions,
  closeServer,
  listen,
  loginStaff,
  type Reply,
  type StaffSession,
  staffRequest,
} from '../support/staffApi.js';

type Who = 'anna' | 'ada' | 'eddi';

describe('agent REST API', () => {
  let storage: Storage;
  let server: Server;
  let base: string;
  const changed: Ticket[] = [];
  let session: (who: Who) => StaffSession;

  beforeAll(async () => {
    storage = openSqliteStorage(':memory:');
    const auth = new AuthService(storage.users);
    session = await loginStaff(storage, auth, { anna: 'agent', ada: 'admin', eddi: 'editor' });
    const app = express();
    app.use(
      createAgentRouter({
        auth,
        tickets: storage.tickets,
        cannedResponses: storage.cannedResponses,
        audit: storage.audit,
        handovers: storage.handovers,
        onTicketChanged: (ticket) => changed.push(ticket),
      }),
    );
    ({ server, base } = await listen(app));
  });
  afterAll(async () => {
    await closeServer(server);
    await storage.close();
  });

  /** A request as the console sends it: session cookie, and the CSRF token unless `csrf: false`. */
  async function call(
    who: Who | undefined,
    method: string,
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<Reply> {
    return staffRequest(`${base}${path}`, who === undefined ? undefined : session(who), method, body, options);
  }

  const ticketInput = (name: string, conversationId?: string): NewTicket => ({
    conversationId,
    name,
    email: `${name.toLowerCase()}@example.org`,
    phone: undefined,
    question: 'Wann bekomme ich meinen Bewohnerparkausweis?',
    lang: 'de',
    topic: { serviceId: 'bewohnerparkausweis', title: 'Bewohnerparkausweis' },
    consentAt: new Date().toISOString(),
  });

  describe('tickets', () => {
    let erika: Ticket;
    let max: Ticket;
    beforeAll(async () => {
      await storage.conversations.createConversation({ id: 'conv-erika', channel: 'socketio', locale: 'de' });
      erika = await storage.tickets.createTicket(ticketInput('Erika', 'conv-erika'));
      max = await storage.tickets.createTicket(ticketInput('Max'));
      await storage.tickets.updateTicket(max.id, { status: 'done' });
    });

    it('lists tickets to agents and admins, filtered by status, never cached', async () => {
      const all = await call('anna', 'GET', '/api/agent/tickets');
      expect(all.status).toBe(200);
      expect(all.headers.get('cache-control')).toBe('no-store');
      expect(ids(all.json, 'tickets')).toEqual(expect.arrayContaining([erika.id, max.id]));
      const open = await call('ada', 'GET', '/api/agent/tickets?status=open');
      expect(open.json).toEqual({
        tickets: [expect.objectContaining({ id: erika.id, status: 'open', name: 'Erika' })],
      });
      expect(ids((await call('anna', 'GET', '/api/agent/tickets?status=done')).json, 'tickets')).toEqual([max.id]);
    });

    it('refuses an unknown status filter, an editor and a request without a session', async () => {
      const bad = await call('anna', 'GET', '/api/agent/tickets?status=closed');
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({
        error: 'invalid_request',
        issues: [expect.objectContaining({ path: ['status'] })],
      });
      expect((await call('eddi', 'GET', '/api/agent/tickets')).status).toBe(403);
      expect((await call(undefined, 'GET', '/api/agent/tickets')).status).toBe(401);
    });

    it('an agent takes a ticket and sets its status; the change is audited and announced', async () => {
      changed.length = 0;
      const taken = await call('anna', 'PATCH', `/api/agent/tickets/${erika.id}`, {
        assignToMe: true,
        status: 'in_progress',
      });
      expect(taken.status).toBe(200);
      expect(taken.json).toEqual({
        ticket: { ...erika, status: 'in_progress', assignedTo: 'anna', updatedAt: expect.any(String) },
      });
      expect(changed).toEqual([expect.objectContaining({ id: erika.id, status: 'in_progress', assignedTo: 'anna' })]);
      const [entry] = await storage.audit.listAudit({ action: 'ticket.updated' });
      expect(entry).toMatchObject({
        actorId: session('anna').userId,
        actorName: 'anna',
        conversationId: 'conv-erika',
        details: {
          ticketId: erika.id,
          number: erika.number,
          status: { from: 'open', to: 'in_progress' },
          assignedTo: { from: null, to: 'anna' },
        },
      });

      const released = await call('ada', 'PATCH', `/api/agent/tickets/${erika.id}`, { unassign: true });
      const releasedTicket = z.object({ ticket: z.looseObject({ status: z.string() }) }).parse(released.json).ticket;
      expect(releasedTicket.status).toBe('in_progress');
      expect(releasedTicket).not.toHaveProperty('assignedTo');
      const [latest] = await storage.audit.listAudit({ action: 'ticket.updated', limit: 1 });
      expect(latest).toMatchObject({ actorName: 'ada', details: { assignedTo: { from: 'anna', to: null } } });
      expect(latest?.details).not.toHaveProperty('status');
    });

    it('refuses a change without the CSRF token and leaves the ticket as it was', async () => {
      const before = await storage.tickets.findTicket(max.id);
      const refused = await call('anna', 'PATCH', `/api/agent/tickets/${max.id}`, { status: 'open' }, { csrf: false });
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({ error: 'csrf' });
      expect(await storage.tickets.findTicket(max.id)).toEqual(before);
    });

    it('answers 400 to bodies that change nothing, contradict themselves or are not JSON', async () => {
      const auditBefore = (await storage.audit.listAudit()).length;
      for (const body of [
        {},
        { assignToMe: true, unassign: true },
        { status: 'closed' },
        { status: 'done', note: 'x' },
      ]) {
        const response = await call('anna', 'PATCH', `/api/agent/tickets/${max.id}`, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.json).toMatchObject({ error: 'invalid_request', issues: expect.any(Array) });
      }
      const malformed = await call('anna', 'PATCH', `/api/agent/tickets/${max.id}`, undefined, {
        rawBody: '{"status":',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.json).toEqual({ error: 'invalid_request' });
      expect((await storage.audit.listAudit()).length).toBe(auditBefore);
    });

    it('answers 404 for an unknown ticket', async () => {
      const response = await call('anna', 'PATCH', '/api/agent/tickets/unknown', { status: 'done' });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ error: 'not_found' });
    });
  });

  describe('canned responses', () => {
    it('admins create, change and delete them; agents read them; each change is audited', async () => {
      const created = await call('ada', 'POST', '/api/agent/canned', {
        title: ' Öffnungszeiten ',
        text: 'Das Bürgeramt ist Mo–Fr von 8 bis 12 Uhr geöffnet.',
        lang: 'de',
      });
      expect(created.status).toBe(201);
      expect(created.json).toEqual({
        response: {
          id: expect.any(String),
          title: 'Öffnungszeiten',
          text: 'Das Bürgeramt ist Mo–Fr von 8 bis 12 Uhr geöffnet.',
          lang: 'de',
          updatedAt: expect.any(String),
          updatedBy: 'ada',
        },
      });
      const id = responseId(created.json);
      expect((await call('anna', 'GET', '/api/agent/canned')).json).toEqual({
        responses: [expect.objectContaining({ id, title: 'Öffnungszeiten' })],
      });

      const updated = await call('ada', 'PUT', `/api/agent/canned/${id}`, {
        title: 'Opening hours',
        text: 'Mon–Fri 8 am to 12 noon.',
        lang: 'en',
      });
      expect(updated.status).toBe(200);
      expect(updated.json).toMatchObject({ response: { id, title: 'Opening hours', lang: 'en', updatedBy: 'ada' } });

      const deleted = await call('ada', 'DELETE', `/api/agent/canned/${id}`);
      expect(deleted.status).toBe(204);
      expect((await call('anna', 'GET', '/api/agent/canned')).json).toEqual({ responses: [] });

      const entries = await storage.audit.listAudit({ limit: 3 });
      expect(entries.map((entry) => [entry.action, entry.actorName, entry.details.id])).toEqual([
        ['canned.deleted', 'ada', id],
        ['canned.updated', 'ada', id],
        ['canned.created', 'ada', id],
      ]);
    });

    it('an agent may not create, change or delete them (403)', async () => {
      const input: CannedResponseInput = { title: 'Termin', text: 'Termine gibt es online.', lang: 'de' };
      expect((await call('anna', 'POST', '/api/agent/canned', input)).status).toBe(403);
      const existing = await storage.cannedResponses.createCannedResponse(input, 'ada');
      expect((await call('anna', 'PUT', `/api/agent/canned/${existing.id}`, input)).status).toBe(403);
      expect((await call('anna', 'DELETE', `/api/agent/canned/${existing.id}`)).status).toBe(403);
      expect((await call('eddi', 'GET', '/api/agent/canned')).status).toBe(403);
      expect(await storage.cannedResponses.listCannedResponses()).toEqual([existing]);
      await storage.cannedResponses.deleteCannedResponse(existing.id);
    });

    it('refuses an admin without the CSRF token, invalid input, and unknown ids', async () => {
      const input = { title: 'Termin', text: 'Termine gibt es online.', lang: 'de' };
      expect((await call('ada', 'POST', '/api/agent/canned', input, { csrf: false })).status).toBe(403);
      for (const body of [
        { ...input, title: '  ' },
        { ...input, lang: 'fr' },
        { ...input, text: 'x'.repeat(2001) },
        { title: 'Termin' },
      ]) {
        const response = await call('ada', 'POST', '/api/agent/canned', body);
        expect(response.status).toBe(400);
        expect(response.json).toMatchObject({ error: 'invalid_request', issues: expect.any(Array) });
      }
      expect((await call('ada', 'PUT', '/api/agent/canned/unknown', input)).status).toBe(404);
      expect((await call('ada', 'DELETE', '/api/agent/canned/unknown')).status).toBe(404);
      expect(await storage.cannedResponses.listCannedResponses()).toEqual([]);
    });
  });

  describe('audit log', () => {
    it('admins read it newest first, filtered and paged; agents may not', async () => {
      for (let n = 1; n <= 5; n += 1) {
        await storage.audit.appendAudit({
          at: new Date().toISOString(),
          actorId: undefined,
          actorName: 'system',
          action: 'handover.requested',
          conversationId: `audit-${n % 2}`,
          details: { n },
        });
      }
      const firstPage = await call('ada', 'GET', '/api/agent/audit?action=handover.requested&limit=2');
      expect(firstPage.status).toBe(200);
      expect(details(firstPage.json)).toEqual([5, 4]);
      const before = entryIds(firstPage.json).at(-1);
      const secondPage = await call(
        'ada',
        'GET',
        `/api/agent/audit?action=handover.requested&limit=2&before=${before}`,
      );
      expect(details(secondPage.json)).toEqual([3, 2]);
      const one = await call('ada', 'GET', '/api/agent/audit?conversationId=audit-1');
      expect(details(one.json)).toEqual([5, 3, 1]);

      expect((await call('anna', 'GET', '/api/agent/audit')).status).toBe(403);
      expect((await call('ada', 'GET', '/api/agent/audit?limit=0')).status).toBe(400);
      expect((await call('ada', 'GET', '/api/agent/audit?before=abc')).status).toBe(400);
    });
  });

  describe('stats', () => {
    it('reports the last 30 days by default, with the share of conversations handed over', async () => {
      // With the ticket test's conversation, five conversations started in the last 30 days.
      for (const id of ['s1', 's2', 's3', 's4']) {
        await storage.conversations.createConversation({ id, channel: 'socketio', locale: 'de' });
      }
      await storage.handovers.createHandover(newHandover('s1', new Date(Date.now() - 60_000).toISOString()));
      await storage.handovers.createHandover(newHandover('s2', '2020-01-15T10:00:00.000Z'));
      const response = await call('anna', 'GET', '/api/agent/stats');
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        conversations: 5,
        handovers: 1,
        byReason: { requested: 1, misunderstood: 0 },
        byStatus: { queued: 1, completed: 0 },
        accepted: 0,
        handoverRate: 0.2,
      });
    });

    it('reports a given period, with no rate when it had no conversations', async () => {
      const response = await call('ada', 'GET', '/api/agent/stats?from=2020-01-01&to=2020-02-01T00:00:00Z');
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        from: '2020-01-01T00:00:00.000Z',
        to: '2020-02-01T00:00:00.000Z',
        conversations: 0,
        handovers: 1,
        handoverRate: null,
      });
    });

    it('refuses malformed or reversed periods and editors', async () => {
      expect((await call('anna', 'GET', '/api/agent/stats?from=gestern')).status).toBe(400);
      expect((await call('anna', 'GET', '/api/agent/stats?from=2020-02-01&to=2020-01-01')).status).toBe(400);
      expect((await call('eddi', 'GET', '/api/agent/stats')).status).toBe(403);
    });
  });
});

const WithId = z.looseObject({ id: z.string() });
const Entries = z.object({
  entries: z.array(z.looseObject({ id: z.number(), details: z.looseObject({ n: z.unknown() }) })),
});

function ids(json: unknown, key: 'tickets'): string[] {
  return (
    z
      .object({ [key]: z.array(WithId) })
      .parse(json)
      [key]?.map((item) => item.id) ?? []
  );
}

function responseId(json: unknown): string {
  return z.object({ response: WithId }).parse(json).response.id;
}

function entryIds(json: unknown): number[] {
  return Entries.parse(json).entries.map((entry) => entry.id);
}

function details(json: unknown): unknown[] {
  return Entries.parse(json).entries.map((entry) => entry.details.n);
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isValidReference } from '../../../src/applications/referenceNumber.js';
import type { NewTicket, Ticket } from '../../../src/handover/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** A callback request about a resident parking permit, left when nobody could take the chat. */
function newTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    conversationId: 'c1',
    name: 'Erika Mustermann',
    email: 'erika@example.de',
    phone: '+49 30 1234567',
    question: 'Ich brauche einen Bewohnerparkausweis, habe aber noch kein Kennzeichen.',
    lang: 'de',
    topic: { serviceId: 'bewohnerparkausweis', title: 'Bewohnerparkausweis beantragen' },
    consentAt: at(-60_000),
    ...overrides,
  };
}

export function ticketContract(storage: () => Storage): void {
  describe('tickets', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('creates an open ticket with a checked KA number, and finds it by id', async () => {
      const { tickets, conversations } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
      const created = await tickets.createTicket(newTicket());
      expect(created).toEqual({
        ...newTicket(),
        tenantId: 'default',
        id: expect.any(String),
        number: expect.stringMatching(/^KA-2026-[0-9A-Z]{6}-[0-9A-Z]$/),
        status: 'open',
        assignedTo: undefined,
        createdAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
      });
      expect(isValidReference(created.number)).toBe(true);
      expect(await tickets.findTicket(created.id)).toEqual(created);
      expect(await tickets.findTicket('unknown')).toBeUndefined();
    });

    it('keeps a ticket without conversation, e-mail, phone or topic as such', async () => {
      const { tickets } = storage();
      const input = newTicket({
        conversationId: undefined,
        email: undefined,
        phone: undefined,
        topic: undefined,
        lang: 'en',
      });
      const created = await tickets.createTicket(input);
      expect(await tickets.findTicket(created.id)).toEqual({ ...created, ...input });
    });

    it('gives different tickets different numbers', async () => {
      const { tickets } = storage();
      const numbers = new Set<string>();
      for (let n = 0; n < 20; n += 1)
        numbers.add((await tickets.createTicket(newTicket({ name: `Person ${n}` }))).number);
      expect(numbers.size).toBe(20);
    });

    it('lists tickets newest first, all or by status', async () => {
      const { tickets } = storage();
      const created: string[] = [];
      for (const n of [0, 1, 2, 3]) {
        vi.setSystemTime(new Date(at(n * 60_000)));
        created.push((await tickets.createTicket(newTicket({ name: `Person ${n}` }))).id);
      }
      const [first = '', second = '', third = '', fourth = ''] = created;
      await tickets.updateTicket(second, { status: 'in_progress' });
      await tickets.updateTicket(third, { status: 'done' });
      expect(ids(await tickets.listTickets())).toEqual([fourth, third, second, first]);
      expect(ids(await tickets.listTickets({ status: 'open' }))).toEqual([fourth, first]);
      expect(ids(await tickets.listTickets({ status: 'in_progress' }))).toEqual([second]);
      expect(ids(await tickets.listTickets({ status: 'done' }))).toEqual([third]);
    });

    it("keeps each ticket's tenant (default when none is given), and lists those of some tenants", async () => {
      const { tickets } = storage();
      const musterdorf = await tickets.createTicket(newTicket({ tenantId: 'musterdorf', conversationId: undefined }));
      vi.setSystemTime(new Date(at(60_000)));
      const beispielstadt = await tickets.createTicket(
        newTicket({ tenantId: 'beispielstadt', conversationId: undefined }),
      );
      vi.setSystemTime(new Date(at(120_000)));
      const shared = await tickets.createTicket(newTicket({ conversationId: undefined }));
      expect([musterdorf.tenantId, beispielstadt.tenantId, shared.tenantId]).toEqual([
        'musterdorf',
        'beispielstadt',
        'default',
      ]);
      expect(ids(await tickets.listTickets({ tenants: ['musterdorf'] }))).toEqual([musterdorf.id]);
      expect(ids(await tickets.listTickets({ tenants: ['musterdorf', 'default'], status: 'open' }))).toEqual([
        shared.id,
        musterdorf.id,
      ]);
      expect(await tickets.listTickets({ tenants: [] })).toEqual([]);
      expect(ids(await tickets.listTickets())).toEqual([shared.id, beispielstadt.id, musterdorf.id]);
      expect((await tickets.updateTicket(musterdorf.id, { status: 'done' }))?.tenantId).toBe('musterdorf');
    });

    it('updates status and assignment, each leaving the other, null clearing the assignment; updatedAt moves', async () => {
      const { tickets } = storage();
      const created = await tickets.createTicket(newTicket());

      vi.setSystemTime(new Date(at(5_000)));
      const assigned = await tickets.updateTicket(created.id, { assignedTo: 'agent-1' });
      expect(assigned).toEqual({ ...created, assignedTo: 'agent-1', updatedAt: at(5_000) });

      vi.setSystemTime(new Date(at(10_000)));
      const inProgress = await tickets.updateTicket(created.id, { status: 'in_progress' });
      expect(inProgress).toEqual({ ...created, status: 'in_progress', assignedTo: 'agent-1', updatedAt: at(10_000) });

      vi.setSystemTime(new Date(at(15_000)));
      const released = await tickets.updateTicket(created.id, { assignedTo: null, status: 'done' });
      expect(released).toEqual({ ...created, status: 'done', assignedTo: undefined, updatedAt: at(15_000) });
      expect(await tickets.findTicket(created.id)).toEqual(released);
    });

    it('updating an unknown ticket changes nothing and returns undefined', async () => {
      const { tickets } = storage();
      const created = await tickets.createTicket(newTicket());
      expect(await tickets.updateTicket('unknown', { status: 'done', assignedTo: 'agent-1' })).toBeUndefined();
      expect(await tickets.listTickets()).toEqual([created]);
    });

    it('a ticket outlives its deleted conversation', async () => {
      const { tickets, conversations } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
      const created = await tickets.createTicket(newTicket());
      await conversations.deleteConversation('c1');
      expect(await tickets.findTicket(created.id)).toEqual(created);
      expect(await tickets.listTickets({ status: 'open' })).toEqual([created]);
    });
  });
}

function ids(tickets: Ticket[]): string[] {
  return tickets.map((ticket) => ticket.id);
}

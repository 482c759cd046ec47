import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Handover, HandoverReason, NewHandover } from '../../../src/handover/types.js';
import type { HandoverPatch, Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** A citizen on the web widget asking for a person while filling in a form. */
function newHandover(conversationId: string, overrides: Partial<NewHandover> = {}): NewHandover {
  return {
    tenantId: 'default',
    conversationId,
    channel: 'socketio',
    reason: 'requested',
    lang: 'de',
    topic: { serviceId: 'bewohnerparkausweis', title: 'Bewohnerparkausweis beantragen' },
    dialogId: 'bewohnerparkausweis',
    address: {
      channelId: 'socketio',
      serviceUrl: 'https://govbot.example.de',
      conversation: { id: conversationId, tenantId: 'musterstadt' },
      user: { id: 'citizen' },
      bot: { id: 'govbot' },
      locale: 'de-DE',
    },
    requestedAt: at(0),
    ...overrides,
  };
}

/** Creates the conversations (handovers belong to one) and returns the storage. */
async function withConversations(storage: Storage, ...ids: string[]): Promise<Storage> {
  for (const id of ids) await storage.conversations.createConversation({ id, channel: 'socketio', locale: 'de' });
  return storage;
}

export function handoverContract(storage: () => Storage): void {
  describe('handovers and their notes', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('creates a queued handover with every field as given, found by id and as the conversation’s active one', async () => {
      const { handovers } = await withConversations(storage(), 'c1', 'c2');
      const created = await handovers.createHandover(newHandover('c1'));
      expect(created).toEqual({
        ...newHandover('c1'),
        id: expect.any(String),
        status: 'queued',
        acceptedAt: undefined,
        firstAgentReplyAt: undefined,
        endedAt: undefined,
        agentId: undefined,
        agentName: undefined,
        outcome: undefined,
        external: false,
      });
      expect(await handovers.findHandover(created.id)).toEqual(created);
      expect(await handovers.findActiveHandover('c1')).toEqual(created);
      expect(await handovers.findActiveHandover('c2')).toBeUndefined();
      expect(await handovers.findHandover('unknown')).toBeUndefined();
    });

    it("keeps each handover's tenant, the default tenant's when none is given, and lists every tenant's", async () => {
      const storage_ = storage();
      await storage_.conversations.createConversation({
        id: 'm1',
        channel: 'socketio',
        locale: 'de',
        tenantId: 'musterdorf',
      });
      const { handovers } = await withConversations(storage_, 'c1');
      const musterdorf = await handovers.createHandover(newHandover('m1', { tenantId: 'musterdorf' }));
      const { tenantId: _, ...unnamed } = newHandover('c1', { requestedAt: at(1000) });
      const shared = await handovers.createHandover(unnamed);
      expect(musterdorf.tenantId).toBe('musterdorf');
      expect(shared.tenantId).toBe('default');
      expect((await handovers.findActiveHandover('m1'))?.tenantId).toBe('musterdorf');
      expect((await handovers.listActiveHandovers()).map((handover) => handover.tenantId)).toEqual([
        'musterdorf',
        'default',
      ]);
      const accepted = await handovers.transitionHandover(musterdorf.id, ['queued'], { status: 'connected' });
      expect(accepted?.tenantId).toBe('musterdorf');
    });

    it('keeps a handover without topic or form as such', async () => {
      const { handovers } = await withConversations(storage(), 'c1');
      const input = newHandover('c1', { topic: undefined, dialogId: undefined, reason: 'misunderstood', lang: 'en' });
      const created = await handovers.createHandover(input);
      expect(await handovers.findHandover(created.id)).toEqual({ ...created, ...input });
    });

    it('refuses a handover for a conversation that does not exist', async () => {
      const { handovers } = storage();
      await expect(handovers.createHandover(newHandover('nope'))).rejects.toThrow();
      expect(await handovers.listActiveHandovers()).toEqual([]);
    });

    it('holds at most one queued or connected handover per conversation; after it ended a new one may start', async () => {
      const { handovers } = await withConversations(storage(), 'c1', 'c2');
      const first = await handovers.createHandover(newHandover('c1'));
      await expect(handovers.createHandover(newHandover('c1', { requestedAt: at(1_000) }))).rejects.toThrow();
      await handovers.transitionHandover(first.id, ['queued'], { status: 'connected', acceptedAt: at(2_000) });
      await expect(handovers.createHandover(newHandover('c1', { requestedAt: at(3_000) }))).rejects.toThrow();
      const other = await handovers.createHandover(newHandover('c2', { requestedAt: at(3_000) }));

      await handovers.transitionHandover(first.id, ['connected'], { status: 'completed', endedAt: at(4_000) });
      const second = await handovers.createHandover(newHandover('c1', { requestedAt: at(5_000) }));
      expect(await handovers.findActiveHandover('c1')).toEqual(second);
      expect(ids(await handovers.listHandovers('c1'))).toEqual([first.id, second.id]);
      expect(ids(await handovers.listHandovers('c2'))).toEqual([other.id]);
      expect(await handovers.listHandovers('c3')).toEqual([]);
    });

    it('lets only one of two agents take a queued chat, and keeps what each transition sets', async () => {
      const { handovers } = await withConversations(storage(), 'c1');
      const { id } = await handovers.createHandover(newHandover('c1'));
      const accept = (agent: string) =>
        handovers.transitionHandover(id, ['queued'], {
          status: 'connected',
          acceptedAt: at(30_000),
          agentId: agent,
          agentName: `Agent ${agent}`,
        });
      const results = await Promise.all([accept('a1'), accept('a2')]);
      const winners = results.filter((result) => result !== undefined);
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.agentId;
      expect(await handovers.findHandover(id)).toMatchObject({
        status: 'connected',
        acceptedAt: at(30_000),
        agentId: winner,
        agentName: `Agent ${winner}`,
      });

      const ended = await handovers.transitionHandover(id, ['queued', 'connected'], {
        status: 'completed',
        firstAgentReplyAt: at(35_000),
        endedAt: at(90_000),
        outcome: 'resolved',
        external: true,
        agentName: undefined,
      });
      expect(ended).toEqual({
        ...newHandover('c1'),
        id,
        status: 'completed',
        acceptedAt: at(30_000),
        firstAgentReplyAt: at(35_000),
        endedAt: at(90_000),
        agentId: winner,
        agentName: `Agent ${winner}`,
        outcome: 'resolved',
        external: true,
      });
      expect(await handovers.findHandover(id)).toEqual(ended);
      expect(await handovers.findActiveHandover('c1')).toBeUndefined();
      expect(await handovers.transitionHandover(id, ['queued', 'connected'], { status: 'failed' })).toBeUndefined();
      expect(await handovers.findHandover(id)).toEqual(ended);
    });

    it('changes nothing for an empty patch, an empty list of states, or an unknown id', async () => {
      const { handovers } = await withConversations(storage(), 'c1');
      const created = await handovers.createHandover(newHandover('c1'));
      expect(await handovers.transitionHandover(created.id, ['queued'], {})).toBeUndefined();
      expect(await handovers.transitionHandover(created.id, [], { status: 'cancelled' })).toBeUndefined();
      expect(await handovers.transitionHandover('unknown', ['queued'], { status: 'cancelled' })).toBeUndefined();
      expect(await handovers.findHandover(created.id)).toEqual(created);
    });

    it('a patch carrying more than the changeable fields (e.g. a whole handover) changes only those', async () => {
      const { handovers } = await withConversations(storage(), 'c1', 'c2');
      const created = await handovers.createHandover(newHandover('c1'));
      const whole = { ...created, id: 'other', conversationId: 'c2', status: 'cancelled', endedAt: at(1) } as const;
      expect(await handovers.transitionHandover(created.id, ['queued'], whole)).toEqual({
        ...created,
        status: 'cancelled',
        endedAt: at(1),
      });
      expect(await handovers.listHandovers('c2')).toEqual([]);
    });

    it('lists the active handovers oldest request first, without ended ones', async () => {
      const { handovers } = await withConversations(storage(), 'c1', 'c2', 'c3', 'c4');
      const late = await handovers.createHandover(newHandover('c1', { requestedAt: at(20_000) }));
      const early = await handovers.createHandover(newHandover('c2', { requestedAt: at(0) }));
      const cancelled = await handovers.createHandover(newHandover('c3', { requestedAt: at(5_000) }));
      const taken = await handovers.createHandover(newHandover('c4', { requestedAt: at(10_000) }));
      await handovers.transitionHandover(cancelled.id, ['queued'], { status: 'cancelled', endedAt: at(6_000) });
      await handovers.transitionHandover(taken.id, ['queued'], { status: 'connected', acceptedAt: at(11_000) });
      expect(ids(await handovers.listActiveHandovers())).toEqual([early.id, taken.id, late.id]);
    });

    it('reports the waits of the last accepted handovers in milliseconds, newest first', async () => {
      const { handovers } = await withConversations(storage(), 'c1', 'c2', 'c3', 'c4');
      expect(await handovers.recentWaits(10)).toEqual([]);
      const waits = [12_000, 45_000, 3_000];
      for (const [index, wait] of waits.entries()) {
        const requested = index * 60_000;
        const { id } = await handovers.createHandover(newHandover(`c${index + 1}`, { requestedAt: at(requested) }));
        await handovers.transitionHandover(id, ['queued'], { status: 'connected', acceptedAt: at(requested + wait) });
      }
      await handovers.createHandover(newHandover('c4', { requestedAt: at(200_000) }));
      expect(await handovers.recentWaits(10)).toEqual([3_000, 45_000, 12_000]);
      expect(await handovers.recentWaits(2)).toEqual([3_000, 45_000]);
    });

    it('sums up a period: conversations started, handovers by reason and status, waits and first replies', async () => {
      const opened = storage();
      // Conversations started just before, within, and at the (excluded) end of the hour.
      const starts = { before: -1, c1: 0, c2: 600_000, c3: HOUR - 1, after: HOUR };
      for (const [id, ms] of Object.entries(starts)) {
        vi.setSystemTime(new Date(at(ms)));
        await withConversations(opened, id);
      }
      // Another municipality's conversation counts too: one service centre serves every tenant so far.
      vi.setSystemTime(new Date(at(5)));
      await opened.conversations.createConversation({ id: 'md', channel: 'socketio', locale: 'de', tenantId: 'md' });
      const { handovers } = opened;
      const handover = async (
        conversationId: string,
        requestedAt: number,
        reason: HandoverReason,
        patch: HandoverPatch = {},
      ) => {
        const { id } = await handovers.createHandover(
          newHandover(conversationId, { reason, requestedAt: at(requestedAt) }),
        );
        await handovers.transitionHandover(id, ['queued'], patch);
      };
      const done = { status: 'completed', endedAt: at(HOUR) } as const;
      await handover('before', -1, 'requested', { ...done, acceptedAt: at(1_000_000) });
      await handover('c1', 0, 'requested', { ...done, acceptedAt: at(10_000), firstAgentReplyAt: at(12_000) });
      await handover('c1', 100_000, 'misunderstood', { ...done, acceptedAt: at(120_000) });
      await handover('c2', 600_000, 'form_failures', { status: 'cancelled', endedAt: at(601_000) });
      await handover('c2', 700_000, 'requested', {
        status: 'connected',
        acceptedAt: at(730_000),
        firstAgentReplyAt: at(734_000),
      });
      await handover('c3', HOUR - 1, 'upset');
      await handover('after', HOUR, 'requested', { ...done, acceptedAt: at(HOUR + 5_000) });

      expect(await handovers.handoverStats(T0, new Date(at(HOUR)))).toEqual({
        conversations: 4,
        handovers: 5,
        byReason: { requested: 2, misunderstood: 1, upset: 1, form_failures: 1 },
        byStatus: { queued: 1, connected: 1, completed: 2, cancelled: 1, failed: 0 },
        accepted: 3,
        // Percentiles by nearest rank: waits 10 s, 20 s, 30 s; first replies 2 s, 4 s.
        waitMs: { mean: 20_000, p50: 20_000, p90: 30_000 },
        firstReplyMs: { mean: 3_000, p50: 2_000, p90: 4_000 },
      });
      const none = { mean: undefined, p50: undefined, p90: undefined };
      expect(await handovers.handoverStats(new Date(at(-HOUR)), new Date(at(-HOUR / 2)))).toEqual({
        conversations: 0,
        handovers: 0,
        byReason: { requested: 0, misunderstood: 0, upset: 0, form_failures: 0 },
        byStatus: { queued: 0, connected: 0, completed: 0, cancelled: 0, failed: 0 },
        accepted: 0,
        waitMs: none,
        firstReplyMs: none,
      });
    });

    it('counts the conversations and handovers of some tenants when asked', async () => {
      const opened = storage();
      const conversation = { channel: 'socketio', locale: 'de' };
      await opened.conversations.createConversation({ ...conversation, id: 'm1', tenantId: 'musterdorf' });
      await opened.conversations.createConversation({ ...conversation, id: 'c1' });
      await opened.handovers.createHandover(newHandover('m1', { tenantId: 'musterdorf' }));
      await opened.handovers.createHandover(newHandover('c1', { requestedAt: at(1000) }));
      const stats = (tenants?: string[]) => opened.handovers.handoverStats(T0, new Date(at(HOUR)), tenants);
      expect(await stats(['musterdorf'])).toMatchObject({ conversations: 1, handovers: 1 });
      expect(await stats(['musterdorf', 'default'])).toMatchObject({ conversations: 2, handovers: 2 });
      expect(await stats([])).toMatchObject({ conversations: 0, handovers: 0 });
      expect(await stats()).toMatchObject({ conversations: 2, handovers: 2 });
    });

    it('lists a conversation’s notes over all its handovers, oldest first', async () => {
      const { handovers } = await withConversations(storage(), 'c1', 'c2');
      const first = await handovers.createHandover(newHandover('c1'));
      const other = await handovers.createHandover(newHandover('c2'));
      const note = (handoverId: string, conversationId: string, text: string) =>
        handovers.addNote({ handoverId, conversationId, authorId: 'a1', authorName: 'Agentin Meyer', text });

      const n1 = await note(first.id, 'c1', 'Bürgerin wartet auf Rückruf.');
      expect(n1).toEqual({
        id: expect.any(String),
        handoverId: first.id,
        conversationId: 'c1',
        authorId: 'a1',
        authorName: 'Agentin Meyer',
        text: 'Bürgerin wartet auf Rückruf.',
        createdAt: T0.toISOString(),
      });
      vi.setSystemTime(new Date(at(1_000)));
      await note(other.id, 'c2', 'Anderes Gespräch');
      await handovers.transitionHandover(first.id, ['queued'], { status: 'cancelled', endedAt: at(1_000) });
      const second = await handovers.createHandover(newHandover('c1', { requestedAt: at(2_000) }));
      vi.setSystemTime(new Date(at(3_000)));
      const n2 = await note(second.id, 'c1', 'Zweiter Versuch');

      expect(await handovers.listNotes('c1')).toEqual([n1, n2]);
      expect((await handovers.listNotes('c2')).map((stored) => stored.text)).toEqual(['Anderes Gespräch']);
      expect(await handovers.listNotes('c3')).toEqual([]);
    });

    it('deleting a conversation deletes its handovers and notes, and nothing of other conversations', async () => {
      const opened = await withConversations(storage(), 'c1', 'c2');
      const { handovers, conversations } = opened;
      const gone = await handovers.createHandover(newHandover('c1'));
      const kept = await handovers.createHandover(newHandover('c2'));
      for (const { id, conversationId } of [gone, kept]) {
        await handovers.addNote({ handoverId: id, conversationId, authorId: 'a1', authorName: 'A', text: 'Notiz' });
      }

      await conversations.deleteConversation('c1');

      expect(await handovers.findHandover(gone.id)).toBeUndefined();
      expect(await handovers.listHandovers('c1')).toEqual([]);
      expect(await handovers.listNotes('c1')).toEqual([]);
      expect(ids(await handovers.listActiveHandovers())).toEqual([kept.id]);
      expect(await handovers.listNotes('c2')).toHaveLength(1);
      // The id may come back as a new conversation, which starts without handovers.
      await withConversations(opened, 'c1');
      expect(await handovers.findActiveHandover('c1')).toBeUndefined();
      await expect(handovers.createHandover(newHandover('c1'))).resolves.toMatchObject({ status: 'queued' });
    });
  });
}

function ids(handovers: Handover[]): string[] {
  return handovers.map((handover) => handover.id);
}

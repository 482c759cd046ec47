import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HandoffSink, HandoverService, type HandoverServiceOptions } from '../../src/handover/HandoverService.js';
import { ServiceHours } from '../../src/handover/ServiceHours.js';
import type { Handover } from '../../src/handover/types.js';
import { createLogger } from '../../src/logger.js';
import type { Storage, TranscriptEntry } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { RecordingRelay } from './RecordingRelay.js';

class RecordingSink implements HandoffSink {
  readonly initiated: { handover: Handover; transcript: TranscriptEntry[] }[] = [];
  readonly statuses: { handoverId: string; state: string; message: string | undefined }[] = [];
  readonly messages: { handoverId: string; activity: Record<string, unknown> }[] = [];

  initiate(handover: Handover, transcript: TranscriptEntry[]): void {
    this.initiated.push({ handover, transcript });
  }
  status(handover: Handover, state: 'accepted' | 'failed' | 'completed', message?: string): void {
    this.statuses.push({ handoverId: handover.id, state, message });
  }
  message(handover: Handover, activity: Record<string, unknown>): void {
    this.messages.push({ handoverId: handover.id, activity });
  }
}

const anna = { id: 'agent-anna', name: 'anna', tenants: ['default'] };
const ben = { id: 'agent-ben', name: 'ben', tenants: ['default'] };
const GRACE_MS = 30_000;
/** Tuesday 3 March 2026, 09:00 in Berlin (CET). */
const TUESDAY_9 = new Date('2026-03-03T08:00:00Z');

describe('HandoverService', () => {
  let storage: Storage;
  let relay: RecordingRelay;
  let clock: Date;
  const services: HandoverService[] = [];

  const service = (options: Partial<HandoverServiceOptions> = {}) => {
    const created = new HandoverService({
      handovers: storage.handovers,
      audit: storage.audit,
      transcripts: storage.transcripts,
      relay,
      hours: () => undefined,
      maxChatsPerAgent: 3,
      logger: createLogger('silent'),
      reconnectGraceMs: GRACE_MS,
      now: () => clock,
      ...options,
    });
    services.push(created);
    return created;
  };
  const tick = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  /** A citizen's conversation (the row handovers refer to) and the address the relay reaches it at. */
  const citizen = async (conversationId: string) => {
    await storage.conversations.createConversation({ id: conversationId, channel: 'govbot-web', locale: 'de' });
    return conversationId;
  };
  const request = async (handovers: HandoverService, conversationId: string) => {
    const result = await handovers.request({
      conversationId,
      channel: 'govbot-web',
      reason: 'requested',
      lang: 'de',
      topic: { serviceId: 'bewohnerparkausweis', title: 'Bewohnerparkausweis' },
      dialogId: undefined,
      address: { channelId: 'govbot-web', serviceUrl: 'urn:govbot:test', conversation: { id: conversationId } },
    });
    tick(1000);
    return result;
  };
  const queued = async (handovers: HandoverService, conversationId: string) => {
    const result = await request(handovers, conversationId);
    if (result.kind !== 'queued') throw new Error(`expected queued, got ${result.kind}`);
    return result;
  };
  const actions = async (action: string) =>
    (await storage.audit.listAudit({ action })).map((entry) => ({
      actorName: entry.actorName,
      conversationId: entry.conversationId,
      details: entry.details,
    }));

  beforeEach(() => {
    storage = openSqliteStorage(':memory:');
    relay = new RecordingRelay();
    clock = TUESDAY_9;
  });
  afterEach(async () => {
    for (const created of services.splice(0)) created.stop();
    vi.useRealTimers();
    await storage.close();
  });

  describe('taking chats', () => {
    it('refuses a chat beyond the agent’s capacity; another agent can take it', async () => {
      const handovers = service({ maxChatsPerAgent: 1 });
      handovers.agentConnected(anna);
      handovers.agentConnected(ben);
      const first = await queued(handovers, await citizen('c1'));
      const second = await queued(handovers, await citizen('c2'));
      expect(await handovers.accept(anna, first.handover.id)).toMatchObject({ ok: true });
      expect(await handovers.accept(anna, second.handover.id)).toEqual({ ok: false, error: 'capacity' });
      expect(handovers.activeFor('c2')?.status).toBe('queued');
      expect(await handovers.accept(ben, second.handover.id)).toMatchObject({
        ok: true,
        value: { status: 'connected', agentName: 'ben' },
      });
      expect(handovers.agentList().map((agent) => [agent.name, agent.chats])).toEqual([
        ['anna', 1],
        ['ben', 1],
      ]);
    });

    it('counts for a tenant’s chats only the agents who work for it, and fails a waiting one nobody of it can take', async () => {
      const handovers = service();
      const dora = { id: 'agent-dora', name: 'dora', tenants: ['musterdorf'] };
      handovers.agentConnected(anna);
      handovers.agentConnected(dora);
      await storage.conversations.createConversation({
        id: 'm1',
        channel: 'govbot-web',
        locale: 'de',
        tenantId: 'musterdorf',
      });
      const address = { channelId: 'govbot-web', serviceUrl: 'urn:govbot:test', conversation: { id: 'm1' } };
      const musterdorf = await handovers.request({
        tenantId: 'musterdorf',
        conversationId: 'm1',
        channel: 'govbot-web',
        reason: 'requested',
        lang: 'de',
        topic: undefined,
        dialogId: undefined,
        address,
      });
      expect(musterdorf).toMatchObject({ kind: 'queued', handover: { tenantId: 'musterdorf' } });
      const shared = await queued(handovers, await citizen('c1'));
      // Places are counted per tenant: Musterdorf's agents take Musterdorf's chats, the default tenant's its own.
      expect(shared.position).toBe(1);
      expect(handovers.availability('musterdorf')).toEqual({ open: true });
      expect(handovers.availability('beispielstadt')).toEqual({ open: false, why: 'nobody' });

      // Musterdorf's only agent steps away: its waiting citizen is told nobody can come; the default tenant's waits on.
      handovers.setPresence(dora.id, 'away');
      await handovers.tick();
      expect(handovers.activeFor('m1')).toBeUndefined();
      expect(await relay.waitFor('m1', 'ended')).toMatchObject({ op: 'ended', state: 'failed', why: 'nobody' });
      expect(handovers.activeFor('c1')?.id).toBe(shared.handover.id);
      // An admin (every tenant) counts for all.
      handovers.agentConnected({ id: 'agent-zoe', name: 'zoe', tenants: 'all' });
      expect(handovers.availability('beispielstadt')).toEqual({ open: true });
    });

    it('an agent who is away cannot take a chat until back online; a taken chat cannot be taken again', async () => {
      const handovers = service();
      handovers.agentConnected(anna);
      handovers.agentConnected(ben);
      const { handover } = await queued(handovers, await citizen('c1'));
      handovers.setPresence(anna.id, 'away');
      expect(await handovers.accept(anna, handover.id)).toEqual({ ok: false, error: 'away' });
      handovers.setPresence(anna.id, 'online');
      expect(await handovers.accept(anna, handover.id)).toMatchObject({ ok: true });
      expect(await handovers.accept(ben, handover.id)).toEqual({ ok: false, error: 'taken' });
      expect(await handovers.accept(ben, 'no-such-handover')).toEqual({ ok: false, error: 'not_found' });
      expect(await relay.waitFor('c1', 'accepted')).toEqual({ op: 'accepted', agentName: 'anna', transferred: false });
      expect(await actions('agent.away')).toEqual([{ actorName: 'anna', conversationId: undefined, details: {} }]);
    });

    it('transfers only to another agent who is online and has room', async () => {
      const handovers = service({ maxChatsPerAgent: 1 });
      handovers.agentConnected(anna);
      handovers.agentConnected(ben);
      const mine = await queued(handovers, await citizen('c1'));
      const bens = await queued(handovers, await citizen('c2'));
      await handovers.accept(anna, mine.handover.id);
      await handovers.accept(ben, bens.handover.id);
      const id = mine.handover.id;

      expect(await handovers.transfer(anna, id, 'agent-nobody')).toEqual({ ok: false, error: 'unknown_agent' });
      expect(await handovers.transfer(anna, id, anna.id)).toEqual({ ok: false, error: 'unknown_agent' });
      expect(await handovers.transfer(anna, id, ben.id)).toEqual({ ok: false, error: 'capacity' });
      await handovers.end(ben, bens.handover.id, { outcome: 'resolved' });
      handovers.setPresence(ben.id, 'away');
      expect(await handovers.transfer(anna, id, ben.id)).toEqual({ ok: false, error: 'away' });
      expect(await handovers.transfer(ben, id, anna.id)).toEqual({ ok: false, error: 'not_yours' });
      expect(handovers.activeFor('c1')?.agentName).toBe('anna');

      handovers.setPresence(ben.id, 'online');
      expect(await handovers.transfer(anna, id, ben.id)).toMatchObject({
        ok: true,
        value: { agentId: ben.id, agentName: 'ben' },
      });
      expect(await relay.waitFor('c1', 'accepted', (s) => s.transferred)).toMatchObject({ agentName: 'ben' });
      expect(await handovers.agentMessage(anna, id, 'noch da?')).toEqual({ ok: false, error: 'not_yours' });
      expect(await handovers.agentMessage(ben, id, 'Hier ist Ben.')).toMatchObject({ ok: true });
      expect(await actions('handover.transferred')).toEqual([
        { actorName: 'anna', conversationId: 'c1', details: { handoverId: id, from: 'anna', to: 'ben' } },
      ]);
    });

    it('an agent message reaches the citizen and marks the first reply once; an unreachable channel does not stop the work', async () => {
      const handovers = service();
      handovers.agentConnected(anna);
      const { handover } = await queued(handovers, await citizen('c1'));
      relay.unreachable.add('c1');
      expect(await handovers.accept(anna, handover.id)).toMatchObject({ ok: true });
      relay.unreachable.delete('c1');
      tick(5000);
      const first = await handovers.agentMessage(anna, handover.id, 'Guten Tag');
      const firstReplyAt = first.ok ? first.value.firstAgentReplyAt : undefined;
      expect(firstReplyAt).toBe(clock.toISOString());
      tick(5000);
      await handovers.agentMessage(anna, handover.id, 'Noch etwas?');
      expect((await storage.handovers.findHandover(handover.id))?.firstAgentReplyAt).toBe(firstReplyAt);
      expect(relay.of('c1', 'message').map((s) => s.text)).toEqual(['Guten Tag', 'Noch etwas?']);
    });
  });

  describe('the queue', () => {
    it('gives each waiting citizen their place and tells those behind when someone ahead leaves or is taken', async () => {
      const handovers = service({ defaultWaitSeconds: 120 });
      handovers.agentConnected(anna);
      const results = [];
      for (const id of ['c1', 'c2', 'c3']) results.push(await queued(handovers, await citizen(id)));
      expect(results.map((result) => result.position)).toEqual([1, 2, 3]);
      expect(handovers.queue().map((entry) => [entry.handover.conversationId, entry.position])).toEqual([
        ['c1', 1],
        ['c2', 2],
        ['c3', 3],
      ]);
      expect(handovers.queue()[0]?.waitedSeconds).toBe(3);
      const again = await request(handovers, 'c2');
      expect(again).toMatchObject({ kind: 'already', position: 2 });

      // The first stops waiting: the others move up and are told.
      await handovers.cancel('c1');
      expect(await relay.waitFor('c2', 'queue', (s) => s.position === 1)).toMatchObject({ waitSeconds: 120 });
      expect(await relay.waitFor('c3', 'queue', (s) => s.position === 2)).toMatchObject({ waitSeconds: 240 });
      expect(relay.of('c1', 'queue')).toEqual([]);
      expect(handovers.activeFor('c1')).toBeUndefined();

      // The next is taken: the last moves up.
      const taken = results[1]?.handover.id ?? '';
      await handovers.accept(anna, taken);
      await relay.waitFor('c3', 'queue', (s) => s.position === 1);
      expect(relay.of('c2', 'queue').map((s) => s.position)).toEqual([1]);
      expect(handovers.positionOf(taken)).toBeUndefined();

      // Nothing moved: no news.
      await handovers.tick();
      expect(relay.of('c3', 'queue').map((s) => s.position)).toEqual([2, 1]);
    });

    it('estimates the wait from the recent waits and the agents online', async () => {
      const handovers = service({ defaultWaitSeconds: 120 });
      expect(handovers.estimateWait(1)).toBe(120);
      handovers.agentConnected(anna);
      expect(handovers.estimateWait(3)).toBe(360);

      // One chat taken after 60 s, one after 120 s: 90 s on average.
      const first = await queued(handovers, await citizen('c1'));
      tick(59_000);
      await handovers.accept(anna, first.handover.id);
      expect(handovers.estimateWait(1)).toBe(60);
      const second = await queued(handovers, await citizen('c2'));
      tick(119_000);
      await handovers.accept(anna, second.handover.id);
      expect(handovers.estimateWait(1)).toBe(90);
      expect(handovers.estimateWait(2)).toBe(180);

      // Two agents online share the queue; an agent who is away does not count.
      handovers.agentConnected(ben);
      expect(handovers.estimateWait(2)).toBe(90);
      handovers.setPresence(ben.id, 'away');
      expect(handovers.estimateWait(2)).toBe(180);
      const third = await queued(handovers, await citizen('c3'));
      expect(third).toMatchObject({ position: 1, waitSeconds: 90 });

      // A fresh service reads the same waits from the database.
      const restarted = service({ defaultWaitSeconds: 999 });
      await restarted.start(3_600_000);
      expect(restarted.estimateWait(1)).toBe(90);
    });

    it('never estimates less than 15 s per place, however quickly chats were taken', async () => {
      const handovers = service();
      handovers.agentConnected(anna);
      const { handover } = await queued(handovers, await citizen('c1'));
      await handovers.accept(anna, handover.id);
      expect(handovers.estimateWait(2)).toBe(30);
    });
  });

  describe('when nobody can take the chat', () => {
    const hours = () => {
      const centre = new ServiceHours({
        state: 'BY',
        timeZone: 'Europe/Berlin',
        weekly: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '18:00' }],
      });
      return () => centre;
    };

    it('fails the waiting chats when the service centre closes, and says when it opens again', async () => {
      const handovers = service({ hours: hours() });
      handovers.agentConnected(anna);
      const { handover } = await queued(handovers, await citizen('c1'));
      await handovers.tick();
      expect(handovers.activeFor('c1')?.status).toBe('queued');

      clock = new Date('2026-03-03T17:00:00Z'); // 18:00 in Berlin
      await handovers.tick();
      expect(await relay.waitFor('c1', 'ended')).toEqual({ op: 'ended', state: 'failed', why: 'closed' });
      expect(handovers.activeFor('c1')).toBeUndefined();
      expect(await storage.handovers.findHandover(handover.id)).toMatchObject({
        status: 'failed',
        endedAt: clock.toISOString(),
      });
      expect(await actions('handover.failed')).toEqual([
        { actorName: 'system', conversationId: 'c1', details: { handoverId: handover.id, why: 'closed' } },
      ]);
      expect(await request(handovers, await citizen('c2'))).toEqual({
        kind: 'unavailable',
        why: 'closed',
        nextOpening: new Date('2026-03-04T07:00:00Z'),
      });
      expect(handovers.describeHours('de')).toHaveLength(1);
    });

    it('asks each tenant’s own hours: Musterdorf’s centre closes at noon while the installation’s stays open', async () => {
      const installation = hours()();
      const musterdorf = new ServiceHours({
        state: 'BY',
        weekly: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '12:00' }],
      });
      const handovers = service({ hours: (tenantId) => (tenantId === 'musterdorf' ? musterdorf : installation) });
      handovers.agentConnected({ ...anna, tenants: ['default', 'musterdorf'] });
      clock = new Date('2026-03-03T12:00:00Z'); // 13:00 in Berlin
      await storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
      await storage.conversations.createConversation({
        id: 'm1',
        channel: 'govbot-web',
        locale: 'de',
        tenantId: 'musterdorf',
      });
      const result = await handovers.request({
        conversationId: 'm1',
        tenantId: 'musterdorf',
        channel: 'govbot-web',
        reason: 'requested',
        lang: 'de',
        topic: undefined,
        dialogId: undefined,
        address: { channelId: 'govbot-web', serviceUrl: 'urn:govbot:test', conversation: { id: 'm1' } },
      });
      expect(result).toEqual({ kind: 'unavailable', why: 'closed', nextOpening: new Date('2026-03-04T07:00:00Z') });
      expect(handovers.availability('musterdorf')).toMatchObject({ open: false, why: 'closed' });
      expect(handovers.availability('default')).toEqual({ open: true });
      expect([handovers.openNow('musterdorf'), handovers.openNow()]).toEqual([false, true]);
      await queued(handovers, await citizen('c1'));
      expect(handovers.describeHours('de', 'musterdorf')).toEqual(musterdorf.describe('de'));
      expect(handovers.describeHours('de')).toEqual(installation.describe('de'));
    });

    it('fails the waiting chats when no agent is online any more', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      const handovers = service();
      expect(await request(handovers, await citizen('c0'))).toEqual({ kind: 'unavailable', why: 'nobody' });
      handovers.agentConnected(anna);
      await queued(handovers, await citizen('c1'));
      handovers.agentDisconnected(anna.id);
      await handovers.tick();
      expect(handovers.activeFor('c1')?.status).toBe('queued'); // within the grace, anna still counts

      await vi.advanceTimersByTimeAsync(GRACE_MS);
      await vi.waitFor(() => expect(handovers.agentList()).toEqual([]));
      await handovers.tick();
      expect(await relay.waitFor('c1', 'ended')).toEqual({ op: 'ended', state: 'failed', why: 'nobody' });
      expect(handovers.activeFor('c1')).toBeUndefined();
    });
  });

  describe('an agent who loses the connection', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    });

    it('gets their chats back in the queue after the grace period, and the citizens are told', async () => {
      const handovers = service();
      handovers.agentConnected(anna);
      handovers.agentConnected(ben);
      const mine = await queued(handovers, await citizen('c1'));
      tick(59_000);
      await handovers.accept(anna, mine.handover.id); // after 60 s: the estimate is 60 s per place and agent
      const waiting = await queued(handovers, await citizen('c2'));
      expect(waiting.position).toBe(1);
      handovers.agentDisconnected(anna.id);
      await vi.advanceTimersByTimeAsync(GRACE_MS - 1);
      expect(relay.of('c1', 'requeued')).toEqual([]);

      await vi.advanceTimersByTimeAsync(1);
      expect(await relay.waitFor('c1', 'requeued')).toEqual({ op: 'requeued', position: 1, waitSeconds: 60 });
      expect(handovers.activeFor('c1')).toMatchObject({ status: 'queued', agentName: 'anna' });
      expect(await storage.handovers.findHandover(mine.handover.id)).toMatchObject({ status: 'queued' });
      expect(handovers.agentList().map((agent) => agent.name)).toEqual(['ben']);
      expect(await actions('handover.requeued')).toEqual([
        { actorName: 'anna', conversationId: 'c1', details: { handoverId: mine.handover.id } },
      ]);
      expect((await actions('agent.offline')).map((entry) => entry.actorName)).toEqual(['anna']);
      // The chat waited longest, so it goes first; the citizen behind it hears of the new place (at the latest with
      // the next periodic upkeep).
      expect(handovers.positionOf(waiting.handover.id)).toBe(2);
      await handovers.tick();
      await relay.waitFor('c2', 'queue', (s) => s.position === 2);
      // Someone else can take it now.
      expect(await handovers.accept(ben, mine.handover.id)).toMatchObject({ ok: true, value: { agentName: 'ben' } });
      await relay.waitFor('c2', 'queue', (s) => s.position === 1);
    });

    it('keeps their chats when they are back within the grace period (a reload)', async () => {
      const handovers = service();
      handovers.agentConnected(anna);
      const mine = await queued(handovers, await citizen('c1'));
      await handovers.accept(anna, mine.handover.id);
      handovers.agentDisconnected(anna.id);
      await vi.advanceTimersByTimeAsync(GRACE_MS / 2);
      handovers.agentConnected(anna);
      await vi.advanceTimersByTimeAsync(GRACE_MS * 2);
      expect(relay.of('c1', 'requeued')).toEqual([]);
      expect(handovers.activeFor('c1')).toMatchObject({ status: 'connected', agentId: anna.id });
      expect(handovers.agentList()).toEqual([{ ...anna, status: 'online', chats: 1 }]);
      expect(await actions('handover.requeued')).toEqual([]);
    });

    it('keeps their chats while another tab of theirs stays connected', async () => {
      const handovers = service();
      handovers.agentConnected(anna);
      handovers.agentConnected(anna);
      const mine = await queued(handovers, await citizen('c1'));
      await handovers.accept(anna, mine.handover.id);
      handovers.agentDisconnected(anna.id);
      await vi.advanceTimersByTimeAsync(GRACE_MS * 2);
      expect(handovers.activeFor('c1')?.status).toBe('connected');
      expect(handovers.agentList()[0]?.status).toBe('online');
    });
  });

  describe('after a restart', () => {
    it('start() reloads the queue and the connected chats from the database', async () => {
      const before = service();
      before.agentConnected(anna);
      const mine = await queued(before, await citizen('c1'));
      const waiting = await queued(before, await citizen('c2'));
      await before.accept(anna, mine.handover.id);
      before.stop();

      const after = service();
      expect(after.activeFor('c1')).toBeUndefined();
      await after.start(3_600_000);
      expect(after.activeFor('c1')).toMatchObject({ id: mine.handover.id, status: 'connected', agentId: anna.id });
      expect(after.queue().map((entry) => [entry.handover.id, entry.position])).toEqual([[waiting.handover.id, 1]]);
      expect(await request(after, 'c2')).toMatchObject({ kind: 'already', position: 1 });

      // The agent's console reconnects and goes on with the chat.
      after.agentConnected(anna);
      expect(after.connected(anna.id).map((handover) => handover.id)).toEqual([mine.handover.id]);
      expect(await after.agentMessage(anna, mine.handover.id, 'Da bin ich wieder.')).toMatchObject({ ok: true });
      expect(await after.end(anna, mine.handover.id, { outcome: 'resolved', resumeAt: 'plate' })).toMatchObject({
        ok: true,
        value: { status: 'completed', outcome: 'resolved' },
      });
      expect(await relay.waitFor('c1', 'ended')).toEqual({ op: 'ended', state: 'completed', resumeAt: 'plate' });
    });

    it('returns the chats of an agent who does not come back after the restart to the queue', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      const before = service();
      before.agentConnected(anna);
      const mine = await queued(before, await citizen('c1'));
      await before.accept(anna, mine.handover.id);
      before.stop();

      const after = service();
      await after.start(3_600_000);
      await vi.advanceTimersByTimeAsync(GRACE_MS * 2);
      await vi.waitFor(() => expect(after.activeFor('c1')?.status).not.toBe('connected'), { timeout: 500 });
    });
  });

  describe('when the citizen deletes the conversation', () => {
    it('a waiting chat leaves the queue; those behind move up, the consoles and the system hear it', async () => {
      const sink = new RecordingSink();
      const handovers = service({ sink });
      handovers.agentConnected(anna);
      const erased = await queued(handovers, await citizen('c1'));
      await queued(handovers, await citizen('c2'));
      const events: Handover[] = [];
      handovers.on('handover', (handover) => events.push(handover));

      expect(await handovers.citizenErased('c1')).toMatchObject({ id: erased.handover.id, status: 'cancelled' });

      expect(handovers.activeFor('c1')).toBeUndefined();
      expect(handovers.queue().map((entry) => entry.handover.conversationId)).toEqual(['c2']);
      expect(events.map((handover) => [handover.id, handover.status])).toEqual([[erased.handover.id, 'cancelled']]);
      expect(await relay.waitFor('c2', 'queue', (s) => s.position === 1)).toBeDefined();
      // The conversation is being deleted: nothing is said in it.
      expect(relay.signals.filter((item) => item.conversationId === 'c1')).toEqual([]);
      expect(sink.statuses).toEqual([
        { handoverId: erased.handover.id, state: 'failed', message: 'conversation deleted by the citizen' },
      ]);
      expect(await actions('handover.cancelled')).toEqual([
        { actorName: 'citizen', conversationId: 'c1', details: { handoverId: erased.handover.id, erased: true } },
      ]);
    });

    it('a connected chat ends: the agent’s console learns it and the agent has room again', async () => {
      const handovers = service({ maxChatsPerAgent: 1 });
      handovers.agentConnected(anna);
      const { handover } = await queued(handovers, await citizen('c1'));
      await handovers.accept(anna, handover.id);
      const signalsBefore = relay.of('c1', 'accepted').length;
      const events: Handover[] = [];
      handovers.on('handover', (changed) => events.push(changed));

      const ended = await handovers.citizenErased('c1');

      expect(ended).toMatchObject({ id: handover.id, status: 'completed', agentName: 'anna', outcome: undefined });
      expect(events.map((changed) => changed.status)).toEqual(['completed']);
      expect(handovers.connected(anna.id)).toEqual([]);
      expect(handovers.agentList()).toMatchObject([{ name: 'anna', chats: 0 }]);
      expect(await handovers.agentMessage(anna, handover.id, 'Hallo?')).toEqual({ ok: false, error: 'not_found' });
      expect(relay.of('c1', 'ended')).toEqual([]);
      expect(relay.of('c1', 'accepted')).toHaveLength(signalsBefore);
      expect(await actions('handover.ended')).toEqual([
        { actorName: 'citizen', conversationId: 'c1', details: { handoverId: handover.id, erased: true } },
      ]);
      const next = await queued(handovers, await citizen('c2'));
      expect(await handovers.accept(anna, next.handover.id)).toMatchObject({ ok: true });
    });

    it('ends a chat an agent took in the meantime as it is now; a conversation without one is left alone', async () => {
      const handovers = service();
      handovers.agentConnected(anna);
      const { handover } = await queued(handovers, await citizen('c1'));
      // Another instance (or a race) took the chat: this service still thinks it is waiting.
      await storage.handovers.transitionHandover(handover.id, ['queued'], {
        status: 'connected',
        agentId: anna.id,
        agentName: 'anna',
      });
      expect(await handovers.citizenErased('c1')).toMatchObject({ status: 'completed' });
      expect((await storage.handovers.findHandover(handover.id))?.status).toBe('completed');

      expect(await handovers.citizenErased('c1')).toBeUndefined();
      expect(await handovers.citizenErased(await citizen('c2'))).toBeUndefined();
    });
  });

  describe('a contact-centre system (handoff sink)', () => {
    it('gets the transcript on request, and may take the chat, write and end it', async () => {
      const sink = new RecordingSink();
      const handovers = service({ sink });
      const id = await citizen('c1');
      await storage.transcripts.appendActivity(id, { type: 'message', text: 'Hallo', from: { role: 'user' } }, 'm1');
      await storage.transcripts.appendActivity(id, { type: 'message', text: 'Guten Tag!', from: { role: 'bot' } });

      // Queued without any agent online: the system may take it.
      const { handover } = await queued(handovers, id);
      expect(sink.initiated.map((item) => item.handover.id)).toEqual([handover.id]);
      expect(sink.initiated[0]?.transcript.map((entry) => entry.activity.text)).toEqual(['Hallo', 'Guten Tag!']);
      await handovers.tick();
      expect(handovers.activeFor(id)?.status).toBe('queued');

      expect(await handovers.externalAccept(handover.id, 'Carla')).toMatchObject({
        ok: true,
        value: { status: 'connected', external: true, agentName: 'Carla' },
      });
      expect(await relay.waitFor(id, 'accepted')).toEqual({ op: 'accepted', agentName: 'Carla', transferred: false });
      expect(await handovers.externalAccept(handover.id, 'Dora')).toEqual({ ok: false, error: 'taken' });

      expect(await handovers.externalMessage(handover.id, 'Carla', undefined)).toMatchObject({ ok: true });
      expect(await handovers.externalMessage(handover.id, 'Carla', 'Wie kann ich helfen?')).toMatchObject({ ok: true });
      expect(relay.of(id, 'typing')).toEqual([{ op: 'typing', agentName: 'Carla' }]);
      expect(relay.of(id, 'message')).toEqual([{ op: 'message', agentName: 'Carla', text: 'Wie kann ich helfen?' }]);

      // The citizen's messages go to the system; the bot's do not.
      handovers.observe(id, { type: 'message', text: 'Mein Ausweis', from: { role: 'user' } });
      handovers.observe(id, { type: 'message', text: 'Bot', from: { role: 'bot' } });
      expect(sink.messages.map((item) => item.activity.text)).toEqual(['Mein Ausweis']);

      expect(await handovers.end(undefined, handover.id, { outcome: 'resolved' })).toMatchObject({ ok: true });
      expect(sink.statuses).toEqual([{ handoverId: handover.id, state: 'completed', message: undefined }]);
      expect(await relay.waitFor(id, 'ended')).toMatchObject({ state: 'completed' });
      expect((await actions('handover.accepted'))[0]).toMatchObject({
        actorName: 'Carla',
        details: { external: true },
      });
    });

    it('hears when the console takes a chat or the citizen stops waiting', async () => {
      const sink = new RecordingSink();
      const handovers = service({ sink });
      handovers.agentConnected(anna);
      const taken = await queued(handovers, await citizen('c1'));
      const left = await queued(handovers, await citizen('c2'));
      await handovers.accept(anna, taken.handover.id);
      await handovers.cancel('c2');
      expect(sink.statuses).toEqual([
        { handoverId: taken.handover.id, state: 'accepted', message: 'taken in the console by anna' },
        { handoverId: left.handover.id, state: 'failed', message: 'cancelled by the citizen' },
      ]);
      // A chat of the console is not the system's to write in.
      expect(await handovers.externalMessage(taken.handover.id, 'Carla', 'Hallo')).toEqual({
        ok: false,
        error: 'not_yours',
      });
    });

    it('externalFail fails a waiting chat unless an agent of the console is online to take it', async () => {
      const sink = new RecordingSink();
      const handovers = service({ sink });
      handovers.agentConnected(anna);
      const { handover } = await queued(handovers, await citizen('c1'));
      expect(await handovers.externalFail(handover.id)).toMatchObject({ ok: true, value: { status: 'queued' } });
      expect(handovers.activeFor('c1')?.status).toBe('queued');

      handovers.setPresence(anna.id, 'away');
      expect(await handovers.externalFail(handover.id)).toMatchObject({ ok: true, value: { status: 'failed' } });
      expect(await relay.waitFor('c1', 'ended')).toEqual({ op: 'ended', state: 'failed', why: 'nobody' });
      expect(sink.statuses).toEqual([{ handoverId: handover.id, state: 'failed', message: 'nobody' }]);
      expect(await handovers.externalFail('no-such-handover')).toEqual({ ok: false, error: 'not_found' });
    });
  });
});

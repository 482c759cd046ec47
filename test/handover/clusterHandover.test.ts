import { once } from 'node:events';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cluster } from '../../src/cluster/Cluster.js';
import { MemoryNetwork } from '../../src/cluster/SoloCluster.js';
import { HandoverService, type HandoverServiceOptions } from '../../src/handover/HandoverService.js';
import { ServiceHours } from '../../src/handover/ServiceHours.js';
import { createLogger } from '../../src/logger.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { type Op, RecordingRelay } from './RecordingRelay.js';

const anna = { id: 'agent-anna', name: 'anna', tenants: ['default'] };
const ben = { id: 'agent-ben', name: 'ben', tenants: ['default'] };
const GRACE_MS = 30_000;
const HOUR = 3_600_000;
/** Tuesday 3 March 2026, 09:00 in Berlin (CET). */
const TUESDAY_9 = new Date('2026-03-03T08:00:00Z');

describe('HandoverService on several instances', () => {
  let storage: Storage;
  let network: MemoryNetwork;
  let clock: Date;
  const relays = new Map<string, RecordingRelay>();
  const services: HandoverService[] = [];

  /** An instance on the shared database and network, started; `relayOf(name)` has what it told citizens. */
  const instance = async (name: string, options: Partial<HandoverServiceOptions> = {}) => {
    const relay = new RecordingRelay();
    relays.set(name, relay);
    const created = new HandoverService({
      handovers: storage.handovers,
      audit: storage.audit,
      transcripts: storage.transcripts,
      relay,
      hours: () => undefined,
      maxChatsPerAgent: 3,
      logger: createLogger('silent'),
      reconnectGraceMs: GRACE_MS,
      cluster: network.join(name),
      now: () => clock,
      ...options,
    });
    services.push(created);
    await created.start(HOUR);
    return created;
  };
  const relayOf = (name: string) => {
    const relay = relays.get(name);
    if (!relay) throw new Error(`no instance ${name}`);
    return relay;
  };
  /** Every signal `op` the conversation got, from whichever instance. */
  const told = <O extends Op>(conversationId: string, op: O) =>
    [...relays.values()].flatMap((relay) => relay.of(conversationId, op));

  const citizen = async (conversationId: string) => {
    await storage.conversations.createConversation({ id: conversationId, channel: 'govbot-web', locale: 'de' });
    return conversationId;
  };
  const queued = async (handovers: HandoverService, conversationId: string) => {
    const result = await handovers.request({
      conversationId: await citizen(conversationId),
      channel: 'govbot-web',
      reason: 'requested',
      lang: 'de',
      topic: undefined,
      dialogId: undefined,
      address: { channelId: 'govbot-web', serviceUrl: 'urn:govbot:test', conversation: { id: conversationId } },
    });
    clock = new Date(clock.getTime() + 1000);
    if (result.kind !== 'queued') throw new Error(`expected queued, got ${result.kind}`);
    return result.handover;
  };
  const queueOf = (handovers: HandoverService) => handovers.queue().map((entry) => entry.handover.conversationId);
  /** Another member of the network that speaks the topics directly, as a buggy or outdated instance could. */
  const rogue = (): Cluster => network.join('rogue');

  beforeEach(() => {
    storage = openSqliteStorage(':memory:');
    network = new MemoryNetwork();
    clock = TUESDAY_9;
  });
  afterEach(async () => {
    for (const created of services.splice(0)) created.stop();
    relays.clear();
    vi.useRealTimers();
    await storage.close();
  });

  it('shares agents and the queue: a chat requested on one instance is taken on the other', async () => {
    const b = await instance('b');
    b.agentConnected(ben);
    // A starting instance asks for the agents at once instead of waiting for a heartbeat.
    const a = await instance('a');
    await vi.waitFor(() => expect(a.availability()).toEqual({ open: true }));

    const handover = await queued(a, 'c1');
    await vi.waitFor(() => expect(queueOf(b)).toEqual(['c1']));
    expect(await b.accept(ben, handover.id)).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(a.activeFor('c1')).toMatchObject({ status: 'connected', agentId: ben.id }));
    expect(queueOf(a)).toEqual([]);
    expect(a.agentList()).toEqual([{ id: ben.id, name: 'ben', tenants: ['default'], status: 'online', chats: 1 }]);
    // The instance that made the change told the citizen; the other did not.
    expect(told('c1', 'accepted')).toEqual([{ op: 'accepted', agentName: 'ben', transferred: false }]);
    expect(relayOf('b').of('c1', 'accepted')).toHaveLength(1);

    // Ben's console is on B: going away there makes nobody available on A either.
    b.setPresence(ben.id, 'away');
    await vi.waitFor(() => expect(a.availability()).toEqual({ open: false, why: 'nobody' }));
    expect(a.agentList()).toEqual([{ id: ben.id, name: 'ben', tenants: ['default'], status: 'away', chats: 1 }]);
  });

  it('tells a waiting citizen each new place once, however many instances tick', async () => {
    const a = await instance('a');
    const b = await instance('b');
    a.agentConnected(anna);
    for (const id of ['c1', 'c2', 'c3']) await queued(a, id);
    await vi.waitFor(() => expect(queueOf(b)).toEqual(['c1', 'c2', 'c3']));

    // The first leaves on B: B tells the others their places.
    await b.cancel('c1');
    await relayOf('b').waitFor('c3', 'queue');
    await vi.waitFor(() => expect(queueOf(a)).toEqual(['c2', 'c3']));
    await Promise.all([a.tick(), b.tick()]);

    // The next is taken on A, whose turn telling that citizen takes a while; B ticks meanwhile. A tells the last one
    // its new place once that turn is over, and B does not tell it first.
    const release = relayOf('a').hold('c2', 'accepted');
    const accepting = a.accept(anna, a.activeFor('c2')?.id ?? '');
    await vi.waitFor(() => expect(queueOf(b)).toEqual(['c3']));
    await b.tick();
    release();
    await accepting;
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    // Nor does an instance that starts now.
    await (await instance('c')).tick();

    const places = (name: string, conversationId: string) =>
      relayOf(name)
        .of(conversationId, 'queue')
        .map((signal) => signal.position);
    expect([places('a', 'c2'), places('b', 'c2')]).toEqual([[], [1]]);
    expect([places('a', 'c3'), places('b', 'c3')]).toEqual([[1], [2]]);
    expect(relayOf('c').signals).toEqual([]);
  });

  it('tells the right place on its next tick when another instance told one from an outdated view', async () => {
    const a = await instance('a');
    a.agentConnected(anna);
    await queued(a, 'c1');
    const second = await queued(a, 'c2');
    await a.tick();
    expect(relayOf('a').signals).toEqual([]);

    // Changing the queue at the same moment as A, another instance told the second citizen a place A knows is wrong.
    await rogue().bus.publish('handover.positions', { positions: [{ handoverId: second.id, position: 3 }] });
    await vi.waitFor(async () => {
      await a.tick();
      expect(
        relayOf('a')
          .of('c2', 'queue')
          .map((signal) => signal.position),
      ).toEqual([2]);
    });
  });

  it('fails a waiting chat once when the service centre closes, though every instance ticks', async () => {
    const hours = new ServiceHours({
      state: 'BY',
      timeZone: 'Europe/Berlin',
      weekly: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '18:00' }],
    });
    const a = await instance('a', { hours: () => hours });
    const b = await instance('b', { hours: () => hours });
    a.agentConnected(anna);
    await queued(a, 'c1');
    await vi.waitFor(() => expect(queueOf(b)).toEqual(['c1']));

    clock = new Date('2026-03-03T17:00:00Z'); // 18:00 in Berlin
    await Promise.all([a.tick(), b.tick()]);
    await vi.waitFor(() => expect([a.activeFor('c1'), b.activeFor('c1')]).toEqual([undefined, undefined]));
    expect(told('c1', 'ended')).toEqual([{ op: 'ended', state: 'failed', why: 'closed' }]);
  });

  it('forgets the agents of an instance that stopped announcing, and returns their chats to the queue', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const timing = { presenceHeartbeatMs: 1000, presenceTtlMs: 3000 };
    const a = await instance('a', timing);
    const b = await instance('b', timing);
    const c = await instance('c', timing);
    b.agentConnected(ben);
    c.agentConnected(anna);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.agentList().map((agent) => agent.name)).toEqual(['anna', 'ben']);
    // Heartbeats keep them long past the time to live.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.agentList().map((agent) => agent.name)).toEqual(['anna', 'ben']);

    const handover = await queued(a, 'c1');
    await vi.advanceTimersByTimeAsync(0);
    expect(await b.accept(ben, handover.id)).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(0);

    // C dies without a word: anna is gone once its announcements are overdue.
    c.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(a.agentList().map((agent) => agent.name)).toEqual(['anna', 'ben']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(a.agentList().map((agent) => agent.name)).toEqual(['ben']);

    // B dies with ben's chat: ben is not back within the grace period, so the chat waits for someone else.
    b.stop();
    await vi.advanceTimersByTimeAsync(3500 + GRACE_MS);
    await relayOf('a').waitFor('c1', 'requeued');
    expect(a.activeFor('c1')?.status).toBe('queued');
    expect((await storage.handovers.findHandover(handover.id))?.status).toBe('queued');
    expect(a.availability()).toEqual({ open: false, why: 'nobody' });
  });

  it('keeps an agent’s chats when their console left one instance for another', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const a = await instance('a');
    const b = await instance('b');
    a.agentConnected(anna);
    const handover = await queued(a, 'c1');
    await a.accept(anna, handover.id);

    // The console reconnects through the load balancer, to B.
    b.agentConnected(anna);
    a.agentDisconnected(anna.id);
    await vi.advanceTimersByTimeAsync(GRACE_MS * 2);
    expect(a.activeFor('c1')).toMatchObject({ status: 'connected', agentId: anna.id });
    expect((await storage.handovers.findHandover(handover.id))?.status).toBe('connected');
    expect(told('c1', 'requeued')).toEqual([]);
    expect(a.agentList()).toEqual([{ id: anna.id, name: 'anna', tenants: ['default'], status: 'online', chats: 1 }]);

    // Gone from B too: now the chat goes back to the queue, once.
    b.agentDisconnected(anna.id);
    await vi.advanceTimersByTimeAsync(GRACE_MS * 2);
    await relayOf('b').waitFor('c1', 'requeued');
    await vi.advanceTimersByTimeAsync(0);
    expect(a.activeFor('c1')?.status).toBe('queued');
    expect(told('c1', 'requeued')).toHaveLength(1);
  });

  it('after a restart, leaves the chats of an agent whose console is on another instance', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const b = await instance('b');
    b.agentConnected(anna);
    const handover = await queued(b, 'c1');
    await b.accept(anna, handover.id);

    const restarted = await instance('a');
    await vi.advanceTimersByTimeAsync(GRACE_MS * 2);
    expect(restarted.activeFor('c1')).toMatchObject({ status: 'connected', agentId: anna.id });
    expect((await storage.handovers.findHandover(handover.id))?.status).toBe('connected');
    expect(told('c1', 'requeued')).toEqual([]);
    expect(restarted.agentList()).toEqual([
      { id: anna.id, name: 'anna', tenants: ['default'], status: 'online', chats: 1 },
    ]);
  });

  it('transfers a chat to an agent whose console is on another instance', async () => {
    const a = await instance('a');
    const b = await instance('b');
    a.agentConnected(anna);
    b.agentConnected(ben);
    await vi.waitFor(() => expect(a.agentList().map((agent) => agent.name)).toEqual(['anna', 'ben']));
    const handover = await queued(a, 'c1');
    await a.accept(anna, handover.id);

    b.setPresence(ben.id, 'away');
    await vi.waitFor(() => expect(a.agentList().find((agent) => agent.id === ben.id)?.status).toBe('away'));
    expect(await a.transfer(anna, handover.id, ben.id)).toEqual({ ok: false, error: 'away' });
    b.setPresence(ben.id, 'online');
    await vi.waitFor(() => expect(a.availability()).toEqual({ open: true }));
    await vi.waitFor(() => expect(a.agentList().find((agent) => agent.id === ben.id)?.status).toBe('online'));

    expect(await a.transfer(anna, handover.id, ben.id)).toMatchObject({ ok: true, value: { agentId: ben.id } });
    expect(relayOf('a').of('c1', 'accepted').at(-1)).toEqual({ op: 'accepted', agentName: 'ben', transferred: true });
    await vi.waitFor(() => expect(b.connected(ben.id).map((chat) => chat.id)).toEqual([handover.id]));
    expect(await b.agentMessage(ben, handover.id, 'Hier ist Ben.')).toMatchObject({ ok: true });
    expect(relayOf('b').of('c1', 'message')).toEqual([{ op: 'message', agentName: 'ben', text: 'Hier ist Ben.' }]);
    expect(await a.agentMessage(anna, handover.id, 'Noch da?')).toEqual({ ok: false, error: 'not_yours' });
  });

  it('drops an ended chat from the other instances, and a stale announcement does not bring it back', async () => {
    const a = await instance('a');
    const b = await instance('b');
    a.agentConnected(anna);
    const handover = await queued(a, 'c1');
    await a.accept(anna, handover.id);
    await vi.waitFor(() => expect(b.activeFor('c1')?.status).toBe('connected'));

    await a.end(anna, handover.id, { outcome: 'resolved' });
    await vi.waitFor(() => expect(b.activeFor('c1')).toBeUndefined());
    expect(b.agentList()).toEqual([{ id: anna.id, name: 'anna', tenants: ['default'], status: 'online', chats: 0 }]);

    // A late announcement that the chat is connected: B asks the database, which knows better.
    const refreshed = once(b, 'changed');
    await rogue().bus.publish('handover.changed', { id: handover.id, conversationId: 'c1', status: 'connected' });
    await refreshed;
    expect(b.activeFor('c1')).toBeUndefined();
  });

  it('logs and drops malformed messages, and keeps listening', async () => {
    const warnings: { msg: string; topic?: string }[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        warnings.push(JSON.parse(chunk.toString()) as { msg: string; topic?: string });
        done();
      },
    });
    const a = await instance('a', { logger: createLogger('warn', logs) });
    const { bus } = rogue();

    await bus.publish('handover.changed', { id: 42, status: 'connected' });
    await bus.publish('handover.positions', { positions: 'all' });
    await bus.publish('handover.presence', { agents: [{ id: ben.id, status: 'online' }] });
    // Without `tenants`, as an instance of an older version announces its agents: they work for every tenant.
    await bus.publish('handover.presence', {
      agents: [{ id: ben.id, name: 'ben', status: 'online', connected: true }],
    });
    await vi.waitFor(() => expect(a.availability()).toEqual({ open: true }));
    expect(a.availability('musterdorf')).toEqual({ open: true });

    expect(warnings.filter((line) => line.msg === 'handover: dropped a malformed cluster message')).toEqual([
      expect.objectContaining({ topic: 'handover.changed' }),
      expect.objectContaining({ topic: 'handover.positions' }),
      expect.objectContaining({ topic: 'handover.presence' }),
    ]);
    expect(a.agentList()).toEqual([{ id: ben.id, name: 'ben', tenants: 'all', status: 'online', chats: 0 }]);
  });
});

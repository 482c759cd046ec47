import { afterEach, describe, expect, it } from 'vitest';
import { LockTimeout } from '../../src/cluster/Cluster.js';
import { turnQueueFor } from '../../src/cluster/clusterTurns.js';
import { RedisCluster } from '../../src/cluster/RedisCluster.js';
import { createLogger } from '../../src/logger.js';
import { freshPrefix, testRedisUrl } from './redisTestServer.js';

const url = testRedisUrl();
const logger = createLogger('silent');

describe.skipIf(url === undefined)('RedisCluster (GOVBOT_TEST_REDIS_URL)', () => {
  const open: RedisCluster[] = [];
  const connect = async (prefix: string, lockTtlMs?: number) => {
    const cluster = await RedisCluster.connect({ url: url ?? '', prefix, logger, lockTtlMs });
    open.push(cluster);
    return cluster;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((cluster) => cluster.close()));
  });

  it('delivers a message to the other instances, never back to its sender, and not across prefixes', async () => {
    const prefix = freshPrefix();
    const [a, b, elsewhere] = await Promise.all([connect(prefix), connect(prefix), connect(freshPrefix())]);
    const heard = { a: [] as unknown[], b: [] as unknown[], elsewhere: [] as unknown[] };
    const bFrom: string[] = [];
    a.bus.subscribe('greeting', (message) => heard.a.push(message));
    b.bus.subscribe('greeting', (message, from) => {
      heard.b.push(message);
      bFrom.push(from);
    });
    elsewhere.bus.subscribe('greeting', (message) => heard.elsewhere.push(message));
    // Subscriptions are made in the background; wait until Redis counts the subscriber.
    await expect
      .poll(async () => (await a.client.pubSubNumSub(`${prefix}bus:greeting`))[`${prefix}bus:greeting`])
      .toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));

    await a.bus.publish('greeting', { text: 'Grüß Gott', n: 1 });
    await expect.poll(() => heard.b).toEqual([{ text: 'Grüß Gott', n: 1 }]);
    expect(bFrom).toEqual([a.instanceId]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.a).toEqual([]);
    expect(heard.elsewhere).toEqual([]);
  });

  it('lets one holder at a time run under a lock, across instances', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([connect(prefix), connect(prefix)]);
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const work = (who: string) => async () => {
      inside += 1;
      most = Math.max(most, inside);
      order.push(`${who}+`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`${who}-`);
      inside -= 1;
    };
    await Promise.all([
      a.locks.withLock('form', work('a1')),
      b.locks.withLock('form', work('b1')),
      a.locks.withLock('form', work('a2')),
      b.locks.withLock('form', work('b2')),
    ]);
    expect(most).toBe(1);
    expect(order).toHaveLength(8);
    // Every entry is followed by its own exit.
    for (let i = 0; i < 8; i += 2) expect(order[i + 1]).toBe(order[i]?.replace('+', '-'));
  });

  it('tells tryLock that another instance holds the lock, and gives it once free', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([connect(prefix), connect(prefix)]);
    let release: () => void = () => undefined;
    const held = a.locks.withLock('training', () => new Promise<void>((resolve) => (release = resolve)));
    await expect.poll(async () => a.client.exists(`${prefix}lock:training`)).toBe(1);
    expect(await b.locks.tryLock('training', async () => 'ran')).toEqual({ acquired: false });
    release();
    await held;
    expect(await b.locks.tryLock('training', async () => 'ran')).toEqual({ acquired: true, value: 'ran' });
    expect(await a.client.exists(`${prefix}lock:training`)).toBe(0);
  });

  it('keeps a lock past its time to live while the holder works, and frees it when the holder dies', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([connect(prefix, 300), connect(prefix, 300)]);
    let release: () => void = () => undefined;
    const held = a.locks.withLock('long', () => new Promise<void>((resolve) => (release = resolve)));
    // Three times the time to live: renewed meanwhile, so still held.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(await b.locks.tryLock('long', async () => 'ran')).toEqual({ acquired: false });
    // The holder's process dies: no renewal, no release.
    a.client.destroy();
    // Freed by its expiry: otherwise the wait would end in LockTimeout.
    expect(await b.locks.withLock('long', async () => 'ran', { waitMs: 5_000 })).toBe('ran');
    release();
    await held.catch(() => undefined);
  });

  it('tells the holder its lease is lost when the lock is no longer its own', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([connect(prefix, 600), connect(prefix, 600)]);
    let release: () => void = () => undefined;
    let lease: AbortSignal | undefined;
    const held = a.locks.tryLock('run', ({ lost }) => {
      lease = lost;
      return new Promise<void>((resolve) => (release = resolve));
    });
    await expect.poll(() => lease).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(lease?.aborted).toBe(false);
    // Its key expired during an outage, say, and another instance took the lock.
    await b.client.set(`${prefix}lock:run`, 'someone else', { expiration: { type: 'PX', value: 5_000 } });
    await expect.poll(() => lease?.aborted, { timeout: 2_000 }).toBe(true);
    release();
    expect(await held).toEqual({ acquired: true, value: undefined });
    // Releasing did not take the other holder's lock.
    expect(await b.client.get(`${prefix}lock:run`)).toBe('someone else');
  });

  it('gives the lease up before the lock can expire when Redis does not answer its renewals', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([connect(prefix, 1000), connect(prefix, 1000)]);
    let lease: AbortSignal | undefined;
    let release: () => void = () => undefined;
    const held = a.locks.tryLock('run', ({ lost }) => {
      lease = lost;
      return new Promise<void>((resolve) => (release = resolve));
    });
    await expect.poll(() => lease).toBeDefined();
    const cut = Date.now();
    // The holder's connection to Redis is gone (its renewals fail), while its process goes on.
    a.client.destroy();
    await expect.poll(() => lease?.aborted, { timeout: 3_000 }).toBe(true);
    const gaveUpAfter = Date.now() - cut;
    // Given up a third of the time to live before the key may expire: 667 ms after the last renewal that got through
    // (sent before the cut), where the key lives 1,000 ms from that renewal.
    expect(gaveUpAfter).toBeLessThan(1_000);
    // Another instance can take it once it has expired, and not before the holder gave up.
    expect(await b.locks.withLock('run', async () => 'ran', { waitMs: 5_000 })).toBe('ran');
    release();
    await held.catch(() => undefined);
  });

  it('gives up waiting with LockTimeout', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([connect(prefix), connect(prefix)]);
    let release: () => void = () => undefined;
    const held = a.locks.withLock('busy', () => new Promise<void>((resolve) => (release = resolve)));
    await expect.poll(async () => a.client.exists(`${prefix}lock:busy`)).toBe(1);
    await expect(b.locks.withLock('busy', async () => 'ran', { waitMs: 100 })).rejects.toBeInstanceOf(LockTimeout);
    release();
    await held;
  });

  it("serialises one conversation's turns across instances and runs different conversations at once", async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([connect(prefix), connect(prefix)]);
    const turnsA = turnQueueFor(a);
    const turnsB = turnQueueFor(b);
    const log: string[] = [];
    const turn = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name}-`);
    };
    await Promise.all([
      turnsA.run('c1', turn('a', 60)),
      turnsB.run('c1', turn('b', 60)),
      turnsB.run('c2', turn('other', 60)),
    ]);
    const c1 = log.filter((entry) => !entry.startsWith('other'));
    expect(c1.join(' ')).toMatch(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/);
    // c2 ran beside c1: it started before c1's first turn ended.
    expect(log.indexOf('other+')).toBeLessThan(log.findIndex((entry) => entry === 'a-' || entry === 'b-'));
  });

  it('fails to connect within its timeout with a message that hides the password', async () => {
    const error = await RedisCluster.connect({
      url: 'redis://:s3cret@127.0.0.1:1',
      logger,
      connectTimeoutMs: 300,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain('not reachable');
    expect(String(error)).not.toContain('s3cret');
  });
});

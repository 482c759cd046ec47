import { describe, expect, it } from 'vitest';
import { WidgetLimits } from '../../src/channels/socketio/WidgetLimits.js';
import { TokenBuckets } from '../../src/limits/TokenBuckets.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBuckets', () => {
  it('lets a burst through at once, then one per interval of the sustained rate', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ burst: 3, perMinute: 60 }, clock.now);
    for (let i = 0; i < 3; i++) {
      expect(buckets.waitMs('a')).toBe(0);
      buckets.take('a');
    }
    expect(buckets.waitMs('a')).toBe(1000);
    clock.advance(400);
    expect(buckets.waitMs('a')).toBe(600);
    clock.advance(600);
    expect(buckets.waitMs('a')).toBe(0);
    buckets.take('a');
    expect(buckets.waitMs('a')).toBe(1000);
  });

  it('keeps keys apart', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ burst: 1, perMinute: 6 }, clock.now);
    buckets.take('a');
    expect(buckets.waitMs('a')).toBe(10_000);
    expect(buckets.waitMs('b')).toBe(0);
  });

  it('never saves up more than the burst, however long a key was quiet', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ burst: 2, perMinute: 60 }, clock.now);
    buckets.take('a');
    clock.advance(3_600_000);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.waitMs('a')).toBe(1000);
  });

  it('forgets buckets that filled up again, so that memory follows the busy keys only', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ burst: 2, perMinute: 60 }, clock.now);
    for (let i = 0; i < 1000; i++) buckets.take(`visitor-${i}`);
    expect(buckets.size).toBe(1000);
    clock.advance(61_000);
    buckets.take('late');
    expect(buckets.size).toBe(1);
  });

  it('refuses a limit that could never let anything through', () => {
    expect(() => new TokenBuckets({ burst: 0, perMinute: 60 })).toThrow();
    expect(() => new TokenBuckets({ burst: 1, perMinute: 0 })).toThrow();
  });
});

describe('WidgetLimits', () => {
  it('refuses by the stricter of connection and address, spending nothing on a refusal', () => {
    const clock = fakeClock();
    const limits = new WidgetLimits(
      { messages: { burst: 2, perMinute: 60 }, addressMessages: { burst: 3, perMinute: 6 } },
      clock.now,
    );
    expect(limits.admitMessage('tab-1', '203.0.113.7')).toEqual({ ok: true });
    expect(limits.admitMessage('tab-1', '203.0.113.7')).toEqual({ ok: true });
    // The connection's bucket is empty; the address still has one token, which the refusal does not spend.
    expect(limits.admitMessage('tab-1', '203.0.113.7')).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(limits.admitMessage('tab-2', '203.0.113.7')).toEqual({ ok: true });
    // A third tab gains nothing: the address is out of tokens (one per 10 s).
    expect(limits.admitMessage('tab-3', '203.0.113.7')).toEqual({ ok: false, retryAfterMs: 10_000 });
    expect(limits.admitMessage('tab-3', '198.51.100.1')).toEqual({ ok: true });
    clock.advance(10_000);
    expect(limits.admitMessage('tab-3', '203.0.113.7')).toEqual({ ok: true });
  });

  it('counts open connections per address until each is closed once', () => {
    const limits = new WidgetLimits({ connectionsPerAddress: 2 });
    const first = limits.connectionOpened('203.0.113.7');
    limits.connectionOpened('203.0.113.7');
    expect(limits.mayConnect('203.0.113.7')).toBe(false);
    expect(limits.mayConnect('198.51.100.1')).toBe(true);
    first();
    first();
    expect(limits.mayConnect('203.0.113.7')).toBe(true);
    limits.connectionOpened('203.0.113.7');
    expect(limits.mayConnect('203.0.113.7')).toBe(false);
  });

  it('has no limits when none are configured', () => {
    const limits = new WidgetLimits();
    for (let i = 0; i < 10_000; i++) expect(limits.admitMessage('tab', 'ip').ok).toBe(true);
    for (let i = 0; i < 1000; i++) limits.connectionOpened('ip');
    expect(limits.mayConnect('ip')).toBe(true);
  });
});

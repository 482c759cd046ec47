/** How fast a key may act: `burst` at once, then `perMinute` spread evenly over the minute. */
export interface RateLimit {
  burst: number;
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** How often buckets that have filled up again are forgotten, so that one-off visitors do not pile up. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Token buckets per key (a connection, an IP address): a key may spend `burst` tokens at once and gets them back at
 * `perMinute`. A token bucket rather than a fixed window: a citizen clicking through a card's buttons spends a few
 * tokens in a second and is never refused, while a script sending without pause is held to the sustained rate. A
 * full bucket is the same as none, so full ones are dropped and memory follows the keys that are busy right now.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private sweptAt: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.burst >= 1) || !(limit.perMinute > 0)) throw new Error('TokenBuckets: burst ≥ 1 and perMinute > 0');
    this.perMs = limit.perMinute / 60_000;
    this.sweptAt = now();
  }

  /** Milliseconds until `key` has a token again: 0 when it has one now. Takes nothing. */
  waitMs(key: string): number {
    const tokens = this.tokensOf(key);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perMs);
  }

  /** Spends one of `key`'s tokens; call only after `waitMs` said 0. */
  take(key: string): void {
    const now = this.now();
    this.buckets.set(key, { tokens: Math.max(0, this.tokensOf(key) - 1), at: now });
    if (now - this.sweptAt >= SWEEP_INTERVAL_MS) this.sweep(now);
  }

  /** Forgets a key (a connection that closed). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Keys with a bucket that is not full. */
  get size(): number {
    return this.buckets.size;
  }

  private tokensOf(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.limit.burst;
    return Math.min(this.limit.burst, bucket.tokens + (this.now() - bucket.at) * this.perMs);
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const key of [...this.buckets.keys()]) {
      if (this.tokensOf(key) >= this.limit.burst) this.buckets.delete(key);
    }
  }
}

import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { clientAddress } from '../../limits/clientAddress.js';
import { type RateLimit, TokenBuckets } from '../../limits/TokenBuckets.js';

/** The limits of the widget channel (GOVBOT_MESSAGE_*, GOVBOT_IP_*, GOVBOT_TRUST_PROXY); a limit left out is off. */
export interface WidgetLimitsConfig {
  /** Messages per connection. */
  messages?: RateLimit;
  /** Messages per IP address, over all its connections: opening more tabs gains nothing. */
  addressMessages?: RateLimit;
  /** Open Socket.IO connections (widget and console) per IP address. */
  connectionsPerAddress?: number;
  /** Reverse proxies in front of GovBot whose X-Forwarded-For is believed (see `clientAddress`). */
  trustedProxies?: number;
}

type AllowRequest = NonNullable<Partial<ServerOptions>['allowRequest']>;

/** A message is admitted, or refused with the time after which the next one would be. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * What one connection and one IP address may do: messages through token buckets, connections counted while open.
 * Refusals are values; the channel turns them into a `rate_limited` acknowledgement or a refused handshake.
 */
export class WidgetLimits {
  private readonly messages?: TokenBuckets;
  private readonly addressMessages?: TokenBuckets;
  private readonly open = new Map<string, number>();

  constructor(
    private readonly config: WidgetLimitsConfig = {},
    now: () => number = Date.now,
  ) {
    if (config.messages) this.messages = new TokenBuckets(config.messages, now);
    if (config.addressMessages) this.addressMessages = new TokenBuckets(config.addressMessages, now);
  }

  addressOf(request: IncomingMessage): string {
    return clientAddress(request, this.config.trustedProxies ?? 0);
  }

  /** Admits a message of `connectionId` from `address`, spending a token of both, or tells how long to wait. */
  admitMessage(connectionId: string, address: string): Admission {
    const wait = Math.max(this.messages?.waitMs(connectionId) ?? 0, this.addressMessages?.waitMs(address) ?? 0);
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    this.messages?.take(connectionId);
    this.addressMessages?.take(address);
    return { ok: true };
  }

  /** Counts an open connection of `address`; the returned function uncounts it (call it once, on close). */
  connectionOpened(address: string): () => void {
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    };
  }

  connectionClosed(connectionId: string): void {
    this.messages?.forget(connectionId);
  }

  /** Whether `address` may open one more connection. */
  mayConnect(address: string): boolean {
    const max = this.config.connectionsPerAddress;
    return max === undefined || (this.open.get(address) ?? 0) < max;
  }

  /**
   * `allowRequest` that refuses the handshake of an address with too many open connections (`too_many_connections`:
   * HTTP 403 with that message for polling, 400 for a WebSocket upgrade) after `inner` (the origin check) let it pass.
   */
  allowRequest(inner: AllowRequest): AllowRequest {
    return (request, callback) => {
      inner(request, (error, ok) => {
        if (ok && !this.mayConnect(this.addressOf(request))) callback('too_many_connections', false);
        else callback(error, ok);
      });
    };
  }
}

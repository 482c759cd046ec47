import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/limits/clientAddress.js';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(request('203.0.113.7', '1.2.3.4'), 0)).toBe('203.0.113.7');
  });

  it('writes IPv4 peers of a dual-stack socket as IPv4', () => {
    expect(clientAddress(request('::ffff:203.0.113.7'), 0)).toBe('203.0.113.7');
  });

  it('behind one trusted proxy, takes the address that proxy appended, not what the client wrote before it', () => {
    // The client forged "1.2.3.4"; the proxy (10.0.0.2) appended the address it saw, 203.0.113.7.
    expect(clientAddress(request('10.0.0.2', '1.2.3.4, 203.0.113.7'), 1)).toBe('203.0.113.7');
  });

  it('behind two proxies, takes the address the outer one saw', () => {
    expect(clientAddress(request('10.0.0.3', '1.2.3.4, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
  });

  it('falls back to the leftmost entry when the chain is shorter than the trusted proxies', () => {
    expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', '203.0.113.7'), 3)).toBe('203.0.113.7');
  });
});

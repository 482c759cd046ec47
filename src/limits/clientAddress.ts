import type { IncomingMessage } from 'node:http';

/**
 * The address of the citizen behind a request. With `trustedProxies` = 0 that is the TCP peer: X-Forwarded-For is
 * written by whoever sends the request, so trusting it without a proxy in front would let anyone pick an address per
 * message and walk around the limits. Behind n proxies (GOVBOT_TRUST_PROXY=n), each appends the address it saw, so
 * the n-th entry from the right is the one the outermost trusted proxy saw; entries further left are the client's
 * own claims (the same rule as express's numeric `trust proxy`).
 */
export function clientAddress(request: IncomingMessage, trustedProxies: number): string {
  const peer = normalise(request.socket.remoteAddress ?? 'unknown');
  if (trustedProxies <= 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded.map(normalise), peer];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
}

/** IPv4 clients of a dual-stack socket appear as `::ffff:a.b.c.d`; one client, one key. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

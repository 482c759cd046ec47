import { createHmac } from 'node:crypto';

/** Hex characters kept of the HMAC: 128 bits tell addresses apart and cannot be reversed by trying all IPv4s. */
const HASH_LENGTH = 32;

/**
 * How an IP address may be kept: without a secret (GOVBOT_STORE_IP_HASHES off, the default) not at all; with one,
 * as a truncated HMAC-SHA256 keyed with it, so that one address can be recognised (repeated abuse, who exported data
 * from where) but not recovered, as a plain hash of the 2^32 IPv4 addresses could be by trying them all.
 */
export function ipHasher(secret: string | undefined): (ip: string | undefined) => string | undefined {
  if (secret === undefined) return () => undefined;
  return (ip) => {
    if (ip === undefined || ip === '') return undefined;
    // An IPv4 client seen through an IPv6 socket is the same address.
    const address = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
    return createHmac('sha256', secret).update(address).digest('hex').slice(0, HASH_LENGTH);
  };
}

import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'outside_tolerance' | 'mismatch' };

/**
 * Checks an `X-GovBot-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`) against the
 * raw request body, as a receiver of application deliveries should: in constant time, and only within `toleranceSeconds`
 * of the receiver's clock, so that a recorded request cannot be replayed later. Several `v1` entries are accepted
 * (one per secret while a secret is being rotated); one match suffices.
 */
export function verifySignature(options: {
  header: string | undefined;
  body: string | Buffer;
  secret: string;
  toleranceSeconds?: number;
  now?: Date;
}): SignatureCheck {
  const { header, body, secret, toleranceSeconds = 300, now = new Date() } = options;
  if (header === undefined) return { ok: false, reason: 'malformed' };
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'outside_tolerance' };
  const expected = Buffer.from(computeSignature(secret, timestamp, body), 'hex');
  // Compare every entry, so the time taken does not tell which one matched.
  const matches = signatures.filter((signature) => timingSafeEqual(signature, expected)).length;
  return matches > 0 ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}

/** Hex HMAC-SHA256 of `"<timestamp>.<body>"`: the `v1` value of the header. */
export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `X-GovBot-Signature` header for `body` sent at `now`. */
export function signatureHeader(secret: string, body: string | Buffer, now: Date = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

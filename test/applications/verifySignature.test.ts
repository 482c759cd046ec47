import { describe, expect, it } from 'vitest';
import { computeSignature, signatureHeader, verifySignature } from '../../src/applications/outbox/verifySignature.js';

const SECRET = 'geheim';
const BODY = '{"reference":"HU-2026-7K3Q9M-4"}';
const NOW = new Date('2026-03-02T09:00:00.000Z');
const T = NOW.getTime() / 1000;

describe('verifySignature', () => {
  it('accepts a signature made with the secret within the tolerance window', () => {
    const header = signatureHeader(SECRET, BODY, NOW);
    expect(header).toBe(`t=${T},v1=${computeSignature(SECRET, T, BODY)}`);
    expect(verifySignature({ header, body: BODY, secret: SECRET, now: NOW })).toEqual({ ok: true, timestamp: T });
    expect(
      verifySignature({ header, body: Buffer.from(BODY), secret: SECRET, now: new Date(NOW.getTime() + 299_000) }),
    ).toMatchObject({ ok: true });
  });

  it('rejects old or future timestamps, so a recorded request cannot be replayed', () => {
    const header = signatureHeader(SECRET, BODY, NOW);
    for (const offset of [301_000, -301_000]) {
      expect(verifySignature({ header, body: BODY, secret: SECRET, now: new Date(NOW.getTime() + offset) })).toEqual({
        ok: false,
        reason: 'outside_tolerance',
      });
    }
  });

  it('rejects another body, another secret and a timestamp changed without re-signing', () => {
    const header = signatureHeader(SECRET, BODY, NOW);
    expect(verifySignature({ header, body: `${BODY} `, secret: SECRET, now: NOW })).toMatchObject({
      reason: 'mismatch',
    });
    expect(verifySignature({ header, body: BODY, secret: 'other', now: NOW })).toMatchObject({ reason: 'mismatch' });
    const moved = header.replace(`t=${T}`, `t=${T + 1}`);
    expect(verifySignature({ header: moved, body: BODY, secret: SECRET, now: NOW })).toMatchObject({
      reason: 'mismatch',
    });
  });

  it('rejects malformed headers and accepts any matching v1 while secrets are rotated', () => {
    for (const header of [undefined, '', `t=${T}`, 'v1=abc', `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifySignature({ header, body: BODY, secret: SECRET, now: NOW })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    const rotated = `t=${T},v1=${computeSignature('old', T, BODY)},v1=${computeSignature(SECRET, T, BODY)}`;
    expect(verifySignature({ header: rotated, body: BODY, secret: SECRET, now: NOW })).toMatchObject({ ok: true });
  });
});

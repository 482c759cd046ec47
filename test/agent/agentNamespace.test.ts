import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { useHandoverSession } from '../support/handoverSession.js';

/**
 * The `/agent` namespace against bad input, as the widget's namespace: an unknown event and a malformed payload get a
 * clear answer (in the acknowledgement, or as an `error` event without one), and the connection stays usable.
 */
describe('agent namespace against unknown events and malformed payloads', () => {
  const session = useHandoverSession();

  /** The agent's socket without the protocol's types, to send what the protocol does not allow. */
  async function rawAgent(): Promise<{
    raw: Socket;
    errors: unknown[];
    request: (n: string, ...a: unknown[]) => unknown;
  }> {
    const anna = await session.agent();
    const raw = anna.socket as unknown as Socket;
    const errors: unknown[] = [];
    raw.on('error', (error: unknown) => errors.push(error));
    return { raw, errors, request: (name, ...args) => raw.timeout(5000).emitWithAck(name, ...args) };
  }

  it('answers an unknown event with unknown_event: in its acknowledgement, else as an error event', async () => {
    const { raw, errors, request } = await rawAgent();
    expect(await request('nonsense', { a: 1 })).toEqual({ ok: false, error: 'unknown_event' });
    expect(await request('acept', { handoverId: 'h-1' })).toEqual({ ok: false, error: 'unknown_event' });
    raw.emit('nonsense-without-ack', 1, 2, 3);
    await expect
      .poll(() => errors)
      .toEqual([{ code: 'unknown_event', message: 'Unknown event: nonsense-without-ack' }]);
    // Still connected and served.
    expect(await request('presence', { status: 'away' })).toEqual({ ok: true });
  });

  it('refuses malformed payloads of known events with invalid_request and what is wrong, and keeps serving', async () => {
    const { raw, errors, request } = await rawAgent();
    for (const payload of [
      null,
      42,
      'text',
      [],
      {},
      { handoverId: 7 },
      { handoverId: '' },
      { handoverId: 'x'.repeat(101) },
    ]) {
      expect(await request('accept', payload)).toMatchObject({ ok: false, error: 'invalid_request' });
    }
    expect(await request('presence', { status: 'asleep' })).toEqual({
      ok: false,
      error: 'invalid_request',
      issues: [expect.stringMatching(/^status: /)],
    });
    expect(await request('message', { handoverId: 'h-1', text: '   ' })).toEqual({
      ok: false,
      error: 'invalid_request',
      issues: [expect.stringMatching(/^text: /)],
    });
    // An event sent without a payload: the acknowledgement is not mistaken for one.
    expect(await raw.timeout(5000).emitWithAck('open')).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(await request('end', { handoverId: 'h-1', outcome: 'vanished' })).toMatchObject({
      error: 'invalid_request',
      issues: [expect.stringMatching(/^outcome: /)],
    });

    // Without an acknowledgement (the console's fire-and-forget `typing`), the error comes as an event.
    raw.emit('typing', { handover: 'h-1' });
    await expect
      .poll(() => errors)
      .toEqual([{ code: 'invalid_request', message: expect.stringMatching(/^Invalid typing: handoverId: /) }]);
    // A well-formed request after all that is answered as usual.
    expect(await request('open', { handoverId: 'no-such-chat' })).toEqual({ ok: false, error: 'not_found' });
    expect(raw.connected).toBe(true);
  });
});

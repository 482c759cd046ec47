import { describe, expect, it } from 'vitest';
import { useHandoverSession } from '../support/handoverSession.js';

/** What agents type is cleaned of control characters as citizens' messages are (see `cleanText`). */
describe('control characters from the agent console', () => {
  const session = useHandoverSession();

  it('sends a message and keeps a note without them, and refuses one that is nothing else', async () => {
    const anna = await session.agent();
    const maria = await session.citizen();
    await maria.ask('Ich möchte mit einem Menschen sprechen');
    const { handover } = await anna.waitFor('queued');
    expect((await anna.request('accept', { handoverId: handover.id })).ok).toBe(true);
    await maria.nextMessage(); // connected

    expect((await anna.request('message', { handoverId: handover.id, text: 'Guten\u0000 Tag\u0007!' })).ok).toBe(true);
    expect((await maria.nextMessage()).text).toBe('Guten Tag!');
    const note = await anna.request('note', { handoverId: handover.id, text: 'Ruft\u0000 zurück\r\nmorgen' });
    expect(note).toMatchObject({ ok: true, note: { text: 'Ruft zurück\r\nmorgen' } });
    expect(await session.bot.storage.handovers.listNotes(maria.session.conversationId)).toMatchObject([
      { text: 'Ruft zurück\r\nmorgen' },
    ]);

    expect(await anna.request('message', { handoverId: handover.id, text: '\u0000 \u001B' })).toMatchObject({
      ok: false,
      error: 'invalid_request',
    });
  });
});

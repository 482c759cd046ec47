import { describe, expect, it } from 'vitest';
import { HandoffAnswer } from '../../src/http/handoffRouter.js';

/** A contact-centre system's agents type like ours: their text and names are cleaned of control characters. */
describe('handoff answers with control characters', () => {
  it('cleans a message and the name of who sent it', () => {
    expect(
      HandoffAnswer.parse({ type: 'message', text: 'Guten\u0000 Tag\r\n', from: { name: 'Max\u0000 Meyer' } }),
    ).toMatchObject({ text: 'Guten Tag', from: { name: 'Max Meyer' } });
  });

  it('cleans the name of the agent who accepted, and refuses a text that is nothing else', () => {
    expect(
      HandoffAnswer.parse({
        type: 'event',
        name: 'handoff.status',
        value: { state: 'accepted', agentName: '\u001BMax' },
      }),
    ).toMatchObject({ value: { agentName: 'Max' } });
    expect(HandoffAnswer.safeParse({ type: 'message', text: '\u0000\u0000' }).success).toBe(false);
  });
});

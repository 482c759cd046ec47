import type { TurnContext } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { TYPING_DELAY_MS } from '../../src/channels/socketio/widgetSession.js';
import { startStubChannel } from '../support/stubChannel.js';

describe('the typing indicator of the widget channel', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A channel whose bot answers "schnell" at once and thinks `slowMs` before answering anything else. */
  async function citizenOfBot(slowMs: number) {
    const bot = {
      async run(context: TurnContext) {
        if (context.activity.type !== 'message') return;
        if (context.activity.text !== 'schnell') await new Promise((resolve) => setTimeout(resolve, slowMs));
        await context.sendActivity(`Antwort auf ${context.activity.text}`);
      },
    };
    const { socket } = await startStubChannel(bot, cleanups);
    const received: ServerActivity[] = [];
    socket.on('activity', (activity) => received.push(activity));
    /** Sends `text` and resolves with what arrived until its answer. */
    const ask = async (text: string) => {
      const from = received.length;
      await socket.timeout(5000).emitWithAck('activity', { type: 'message', text });
      while (!received.slice(from).some((activity) => activity.text === `Antwort auf ${text}`)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return received.slice(from).map((activity) => activity.type);
    };
    return { ask };
  }

  it('is not sent for an answer that comes at once', async () => {
    const { ask } = await citizenOfBot(0);
    expect(await ask('schnell')).toEqual(['message']);
  });

  it('is sent before an answer that keeps the citizen waiting, once', async () => {
    const { ask } = await citizenOfBot(TYPING_DELAY_MS + 400);
    expect(await ask('langsam')).toEqual(['typing', 'message']);
    // The next quick answer shows none: the slow turn's indicator did not outlive it.
    expect(await ask('schnell')).toEqual(['message']);
  });
});

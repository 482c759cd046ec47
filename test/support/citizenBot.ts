import { afterAll, beforeAll } from 'vitest';
import { CitizenClient } from './citizenClient.js';
import { startTestBot, type TestBot } from './startTestBot.js';

/**
 * A real bot for the enclosing `describe` block and the citizen clients its tests connect; all are closed after the
 * block. Call it inside `describe`.
 */
export function useCitizenBot(options: Parameters<typeof startTestBot>[0] = {}) {
  let bot: TestBot | undefined;
  const clients: CitizenClient[] = [];
  beforeAll(async () => {
    bot = await startTestBot(options);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot?.dispose();
  });
  return {
    get bot(): TestBot {
      if (!bot) throw new Error('the bot starts in beforeAll');
      return bot;
    },
    /** A citizen connected over Socket.IO, as the widget connects. */
    async connect(auth: { token?: string; locale?: string } = {}): Promise<CitizenClient> {
      if (!bot) throw new Error('the bot starts in beforeAll');
      const client = await CitizenClient.connect(bot.url, auth);
      clients.push(client);
      return client;
    },
  };
}

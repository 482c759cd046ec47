import { afterEach, beforeEach } from 'vitest';
import { AgentClient } from './agentClient.js';
import { CitizenClient } from './citizenClient.js';
import { startTestBot, type TestBot } from './startTestBot.js';

/** A fresh bot per test with the agent `anna`, and the citizens and agents a test connects to it. */
export interface HandoverSession {
  /** The current test's bot. */
  readonly bot: TestBot;
  /** A citizen connected over Socket.IO, past the welcome message. */
  citizen(): Promise<CitizenClient>;
  /** An agent logged in to the console namespace and online. */
  agent(name?: string): Promise<AgentClient>;
  /** Closes `client` after the test, with the others. */
  closeAfter(client: { close(): void }): void;
}

/**
 * Registers, in the calling `describe`, a bot started before each test (with the agent `anna`) and stopped after it,
 * together with every client the test connected.
 */
export function useHandoverSession(): HandoverSession {
  let current: TestBot | undefined;
  const clients: { close(): void }[] = [];
  beforeEach(async () => {
    current = await startTestBot();
    await AgentClient.createUser(current.storage, 'anna');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await current?.dispose();
    current = undefined;
  });
  const session: HandoverSession = {
    get bot() {
      if (!current) throw new Error('handover session: no bot outside a test');
      return current;
    },
    async citizen() {
      const client = await CitizenClient.connect(session.bot.url);
      clients.push(client);
      await client.nextMessage(); // welcome
      return client;
    },
    async agent(name = 'anna') {
      const client = await AgentClient.login(session.bot.url, name);
      clients.push(client);
      await client.overview((overview) => overview.me.status === 'online');
      return client;
    },
    closeAfter(client) {
      clients.push(client);
    },
  };
  return session;
}

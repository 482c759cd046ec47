import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { freshDataDir, startTestBot } from '../support/startTestBot.js';

describe('a restart of the server', () => {
  const dataDir = freshDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no conversation: the token resumes it with history and context', async () => {
    const before = await startTestBot({ dataDir });
    const citizen = await CitizenClient.connect(before.url);
    await citizen.nextMessage();
    await citizen.ask('Ich brauche einen Reisepass');
    citizen.close();
    await before.close();

    const after = await startTestBot({ dataDir });
    try {
      const resumed = await CitizenClient.connect(after.url, { token: citizen.session.token });
      expect(resumed.session).toMatchObject({ conversationId: citizen.session.conversationId, resumed: true });
      const history = await resumed.history();
      if (!history.ok) throw new Error(history.error);
      expect(history.activities.map((a) => a.text)).toContain('Ich brauche einen Reisepass');
      expect(visibleText(await resumed.ask('Personalausweis beantragen'))).toContain('Personalausweis');
      resumed.close();
    } finally {
      await after.close();
    }
  });
});

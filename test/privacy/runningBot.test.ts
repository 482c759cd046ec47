import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningGovBot, startGovBot } from '../../src/main.js';
import { openDataDir } from '../../src/storage/openDataDir.js';
import { CitizenClient } from '../support/citizenClient.js';
import { freshDataDir } from '../support/startTestBot.js';
import { PERSONAL_TEXT, PERSONAL_VALUES, seedCitizen } from './seedCitizen.js';

/**
 * A real bot logging at `trace` to a stream, a citizen who types a name, an e-mail address, a phone number and an
 * IBAN, and a storage failure whose error message quotes the message (as database drivers do with values).
 */
describe('privacy in the running bot', { timeout: 60_000 }, () => {
  const lines: string[] = [];
  let bot: RunningGovBot;
  let dataDir: string;
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    dataDir = freshDataDir();
    // A chat from half a year ago, for the retention job to delete at start.
    const { storage } = await openDataDir(dataDir);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 180 * 24 * 60 * 60 * 1000);
    await seedCitizen(storage, 'forgotten');
    vi.useRealTimers();
    await storage.close();
    const config = loadConfig({ HOST: '127.0.0.1', GOVBOT_SERVICE_HOURS: 'always' }, { dataDir, port: 0 });
    bot = await startGovBot(config, createLogger('trace', stream));
  });
  afterAll(async () => {
    await bot.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs no personal data, neither in a conversation nor in the error of a failed turn', async () => {
    const citizen = await CitizenClient.connect(bot.url, { locale: 'de' });
    try {
      await citizen.ask(PERSONAL_TEXT);
      const { transcripts } = bot.storage;
      const append = transcripts.appendActivity.bind(transcripts);
      transcripts.appendActivity = async (_conversationId, activity) => {
        throw new Error(`SQLITE_CONSTRAINT: cannot store ${JSON.stringify(activity)}`, {
          cause: new Error(`value: ${PERSONAL_TEXT}`),
        });
      };
      expect(await citizen.send({ text: PERSONAL_TEXT })).toMatchObject({ ok: false, error: 'internal_error' });
      transcripts.appendActivity = append;
    } finally {
      citizen.socket.disconnect();
    }
    const failed = lines.find((line) => line.includes('"turn failed"'));
    expect(failed).toBeDefined();
    expect(failed).toContain('SQLITE_CONSTRAINT');
    const log = lines.join('\n');
    expect(log).toContain(citizen.session.conversationId);
    for (const value of [...PERSONAL_VALUES, 'forgotten']) expect(log).not.toContain(value);
    expect(log).not.toContain(citizen.session.token);
  });

  it('serves the admin privacy API, documented in its OpenAPI document', async () => {
    expect((await fetch(`${bot.url}/api/admin/conversations/c1/export`)).status).toBe(401);
    const document = await (await fetch(`${bot.url}/api/openapi.json`)).json();
    expect(JSON.stringify(document)).toContain('/api/admin/conversations/{id}/export');
  });

  it('runs the retention job at start', async () => {
    await vi.waitFor(async () => {
      expect(await bot.storage.audit.listAudit({ action: 'retention.purged' })).toHaveLength(1);
    });
    expect(await bot.storage.conversations.findConversation('forgotten')).toBeUndefined();
    expect(lines.some((line) => line.includes('retention: deleted expired data'))).toBe(true);
  });
});

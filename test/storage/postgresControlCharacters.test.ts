import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CitizenClient } from '../support/citizenClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';
import { freshSchema, testDatabaseUrl } from './postgresTestDatabase.js';

const url = testDatabaseUrl();

/**
 * PostgreSQL's `text` refuses NUL, which SQLite stores: a citizen's NUL reached the inbox's `text` column raw and its
 * insert failed there only. The widget drops control characters where messages enter (`cleanText`).
 */
describe.skipIf(url === undefined)('control characters on PostgreSQL', { timeout: 120_000 }, () => {
  const schema = freshSchema();
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  let bot: TestBot;

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const withSchema = new URL(url ?? '');
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    bot = await startTestBot({
      dataDir: mkdtempSync(join(tmpdir(), 'govbot-postgres-nul-')),
      env: { DATABASE_URL: withSchema.toString() },
    });
  }, 120_000);
  afterAll(async () => {
    await bot?.dispose();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('answers a question with NUL that it does not understand, and keeps it for the inbox without NUL', async () => {
    const first = await CitizenClient.connect(bot.url);
    await first.nextMessage();
    first.close();
    // Resumed, as in postgresServer.test.ts: the welcome turn's state is stored before the question arrives.
    const citizen = await CitizenClient.connect(bot.url, { token: first.session.token });
    try {
      const answer = await citizen.ask('Wie wird das\u0000 Wetter morgen?');
      expect(answer.text).toContain('115');
      // The inbox entry is written in the background.
      await expect
        .poll(async () => (await bot.storage.inbox.listInbox()).map((entry) => entry.text), { timeout: 10_000 })
        .toContain('Wie wird das Wetter morgen?');
      const texts = (await bot.storage.transcripts.listActivities(citizen.session.conversationId)).map(
        (entry) => entry.activity.text,
      );
      expect(texts).toContain('Wie wird das Wetter morgen?');
    } finally {
      citizen.close();
    }
  });
});

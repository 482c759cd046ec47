import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';
import { freshSchema, testDatabaseUrl } from './postgresTestDatabase.js';

const url = testDatabaseUrl();

describe.skipIf(url === undefined)('GovBot on PostgreSQL (DATABASE_URL)', { timeout: 120_000 }, () => {
  const schema = freshSchema();
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  let bot: TestBot;
  let databaseUrl: string;

  beforeAll(async () => {
    // The role starts in a schema of its own (the URL's options), as a deployment might put GovBot's tables.
    await admin.query(`CREATE SCHEMA ${schema}`);
    const withSchema = new URL(url ?? '');
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = withSchema.toString();
    // An empty data directory: everything, first version included, goes to PostgreSQL.
    bot = await startTestBot({
      dataDir: mkdtempSync(join(tmpdir(), 'govbot-postgres-server-')),
      env: { DATABASE_URL: databaseUrl },
    });
  }, 120_000);
  afterAll(async () => {
    await bot?.dispose();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('seeds the database, publishes the first version there and answers citizens from it', async () => {
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    expect(existsSync(join(bot.dataDir, 'govbot.sqlite'))).toBe(false);
    expect(await bot.storage.versions.liveVersion()).toMatchObject({ version: 1 });

    const first = await CitizenClient.connect(bot.url);
    await first.nextMessage();
    first.close();
    // Resumed by its token: a new conversation's channel takes messages only after the welcome turn has stored its
    // state, and a message sent right after the welcome arrives before that over a network database.
    const citizen = await CitizenClient.connect(bot.url, { token: first.session.token });
    try {
      expect(citizen.session).toMatchObject({ conversationId: first.session.conversationId, resumed: true });
      const answer = await citizen.ask('Wie beantrage ich einen Bewohnerparkausweis?');
      expect(visibleText(answer)).toContain('Bewohnerparkausweis');
      const { rows } = await admin.query(
        `SELECT count(*)::integer AS entries FROM ${schema}.transcript WHERE conversation_id = $1`,
        [citizen.session.conversationId],
      );
      // The welcome, the question and the answer, in PostgreSQL.
      expect(z.object({ entries: z.number() }).parse(rows[0]).entries).toBeGreaterThanOrEqual(3);
    } finally {
      citizen.close();
    }
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { redactedUrl } from '../../src/config/databaseUrl.js';
import { openStorage } from '../../src/storage/openStorage.js';
import { freshSchema, testDatabaseUrl } from './postgresTestDatabase.js';

const root = mkdtempSync(join(tmpdir(), 'govbot-open-storage-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('openStorage', () => {
  it('without a database URL opens and seeds the SQLite database in the data directory', async () => {
    const dataDir = join(root, 'sqlite');
    const { storage, seeded, location } = await openStorage({ dataDir });
    try {
      expect(seeded).toEqual(['catalogue', 'intents']);
      expect(location).toBe(join(dataDir, 'govbot.sqlite'));
      expect(existsSync(join(dataDir, 'govbot.sqlite'))).toBe(true);
      expect(await storage.catalogue.findService('personalausweis')).toBeDefined();
    } finally {
      await storage.close();
    }
    const again = await openStorage({ dataDir });
    await again.storage.close();
    expect(again.seeded).toEqual([]);
  });
});

const url = testDatabaseUrl();

describe.skipIf(url === undefined)('openStorage with a database URL (GOVBOT_TEST_DATABASE_URL)', () => {
  it('opens and seeds PostgreSQL, leaves the data directory without a database, and logs no password', async () => {
    // A database URL whose role starts in a schema of its own, so the test sees an empty database.
    const schema = freshSchema();
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const withSchema = new URL(url ?? '');
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    const dataDir = join(root, 'postgres');
    try {
      const { storage, seeded, location } = await openStorage({ dataDir, databaseUrl: withSchema.toString() });
      try {
        expect(seeded).toEqual(['catalogue', 'intents']);
        expect(location).toBe(redactedUrl(withSchema.toString()));
        expect(await storage.catalogue.findService('personalausweis')).toBeDefined();
        expect(existsSync(join(dataDir, 'govbot.sqlite'))).toBe(false);
      } finally {
        await storage.close();
      }
      // In the schema of the URL's search_path, not in another.
      const { rows } = await admin.query(`SELECT count(*)::integer AS services FROM ${schema}.services`);
      expect(z.object({ services: z.number() }).parse(rows[0]).services).toBeGreaterThan(0);
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});

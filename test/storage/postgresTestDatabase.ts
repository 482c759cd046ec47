import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openPostgresStorage } from '../../src/storage/postgres/openPostgresStorage.js';
import type { Storage } from '../../src/storage/repositories.js';

/**
 * The PostgreSQL database the tests may create schemas in: GOVBOT_TEST_DATABASE_URL (scripts/test-postgres.sh starts a
 * throwaway cluster and sets it). Without it the PostgreSQL tests are mandatory in CI (this throws when `CI` is set)
 * and skipped elsewhere after a loud warning: never a silent pass.
 */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.GOVBOT_TEST_DATABASE_URL?.trim();
  if (url) return url;
  const message =
    'GOVBOT_TEST_DATABASE_URL is not set. Run the tests with scripts/test-postgres.sh, which starts a PostgreSQL cluster.';
  if (process.env.CI) throw new Error(`${message} PostgreSQL tests are mandatory in CI.`);
  process.stderr.write(`\n${'!'.repeat(80)}\n!! ${message}\n!! POSTGRESQL TESTS ARE SKIPPED.\n${'!'.repeat(80)}\n\n`);
  return undefined;
}

/** A fresh schema name: each storage the tests open gets its own, so tests never see each other's rows. */
export function freshSchema(): string {
  return `govbot_test_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Opens storage in schemas of its own and drops each schema when its storage is closed; `end()` closes the connection
 * used for dropping.
 */
export function schemaPerStorage(url: string): { open(schema?: string): Promise<Storage>; end(): Promise<void> } {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  return {
    async open(schema = freshSchema()) {
      const storage = await openPostgresStorage({ url, schema, poolSize: 5 });
      return {
        ...storage,
        close: async () => {
          await storage.close();
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        },
      };
    },
    end: () => admin.end(),
  };
}

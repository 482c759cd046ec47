import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate, migrations } from '../../src/storage/postgres/migrations.js';
import { openPostgresStorage } from '../../src/storage/postgres/openPostgresStorage.js';
import { PostgresDb } from '../../src/storage/postgres/PostgresDb.js';
import { migrate as migrateSqlite } from '../../src/storage/sqlite/migrations.js';
import { submission, tokenHash } from '../applications/fixtures.js';
import { expectEverythingKept, expectSharedStateAndConflicts, writeEverything } from './backendFixtures.js';
import { storageContract } from './contract.js';
import { freshSchema, schemaPerStorage, testDatabaseUrl } from './postgresTestDatabase.js';

const url = testDatabaseUrl();

describe.skipIf(url === undefined)('postgres (GOVBOT_TEST_DATABASE_URL)', () => {
  const databaseUrl = url ?? '';
  const schemas = schemaPerStorage(databaseUrl);
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  afterAll(async () => {
    await schemas.end();
    await admin.end();
  });

  storageContract('postgres', () => schemas.open());

  /** The versions recorded in a schema's migrations table. */
  async function versionsIn(schema: string): Promise<number[]> {
    const { rows } = await admin.query(`SELECT version FROM ${schema}.govbot_schema_migrations ORDER BY version`);
    return z
      .array(z.object({ version: z.number() }))
      .parse(rows)
      .map((row) => row.version);
  }

  describe('postgres schema migrations', () => {
    it('creates the schema in a fresh database, records its version, and has every table and column of SQLite', async () => {
      const schema = freshSchema();
      const storage = await schemas.open(schema);
      try {
        expect(await versionsIn(schema)).toEqual(migrations.map((_, index) => index + 1));
        const { rows } = await admin.query(
          `SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = $1 AND table_name <> 'govbot_schema_migrations'`,
          [schema],
        );
        // SQLite's implicit rowid, which its queries order by, is an explicit column where a query needs it.
        const explicitRowids = ['dialog_events', 'handover_notes', 'handovers', 'inbox', 'models', 'must_pass']
          .concat(['tickets', 'training_runs'])
          .map((table) => `${table}.seq`);
        expect(columnsOf(rows)).toEqual([...sqliteColumns(), ...explicitRowids].sort());
      } finally {
        await storage.close();
      }
    });

    it('keeps everything across close and reopen, and applies no step twice', async () => {
      const schema = freshSchema();
      const first = await openPostgresStorage({ url: databaseUrl, schema });
      const eTag = await writeEverything(first);
      await first.close();

      const second = await schemas.open(schema);
      try {
        expect(await versionsIn(schema)).toEqual(migrations.map((_, index) => index + 1));
        await expectEverythingKept(second, eTag);
      } finally {
        await second.close();
      }
    });

    it('lets instances that start at once on a fresh database migrate it exactly once', async () => {
      const schema = freshSchema();
      const opened = await Promise.all(
        Array.from({ length: 5 }, () => openPostgresStorage({ url: databaseUrl, schema, poolSize: 2 })),
      );
      try {
        expect(await versionsIn(schema)).toEqual(migrations.map((_, index) => index + 1));
        // All five work on the same tables.
        await opened[0]?.conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
        for (const storage of opened) expect(await storage.conversations.findConversation('c1')).toBeDefined();
      } finally {
        await Promise.all(opened.map((storage) => storage.close()));
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      }
    });

    it('refuses a schema written by a newer GovBot, without touching it', async () => {
      const schema = freshSchema();
      await (await openPostgresStorage({ url: databaseUrl, schema })).close();
      await admin.query(`INSERT INTO ${schema}.govbot_schema_migrations (version) VALUES ($1)`, [
        migrations.length + 1,
      ]);
      try {
        const error = await openPostgresStorage({ url: databaseUrl, schema }).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(String(error)).toMatch(/postgres: cannot open/);
        expect(error instanceof Error && String(error.cause)).toContain(
          `schema version ${migrations.length + 1} is newer than this GovBot knows (${migrations.length})`,
        );
        expect(await versionsIn(schema)).toEqual([...migrations.map((_, index) => index + 1), migrations.length + 1]);
      } finally {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      }
    });

    it('step 2 on a schema from before tenants creates the tenant default, and the conversations there are its', async () => {
      const schema = freshSchema();
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, options: `-c search_path=${schema}` });
      try {
        const db = new PostgresDb(pool);
        expect(await migrate(db, { schema, target: 1 })).toBe(1);
        // As GovBot before tenants wrote them: tenant_id left to its default.
        await pool.query(
          `INSERT INTO conversations (id, channel, locale, token_hash, created_at, updated_at)
           VALUES ('old-1', 'socketio', 'de', 'hash-1', '2026-03-01T08:00:00Z', '2026-03-01T08:05:00Z')`,
        );
      } finally {
        await pool.end();
      }

      const storage = await schemas.open(schema);
      try {
        expect(await versionsIn(schema)).toEqual(migrations.map((_, index) => index + 1));
        expect((await storage.tenants.listTenants()).map((tenant) => [tenant.id, tenant.settings])).toEqual([
          ['default', {}],
        ]);
        expect(await storage.conversations.findConversationByTokenHash('hash-1')).toEqual({
          id: 'old-1',
          tenantId: 'default',
          channel: 'socketio',
          locale: 'de',
          createdAt: '2026-03-01T08:00:00.000Z',
          updatedAt: '2026-03-01T08:05:00.000Z',
        });
      } finally {
        await storage.close();
      }
    });

    it('never shows the password of a database it cannot reach', async () => {
      const unreachable = new URL(databaseUrl);
      unreachable.port = '1';
      unreachable.password = 'hunter2-secret';
      const error = await openPostgresStorage({ url: unreachable.toString(), schema: freshSchema() }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(Error);
      expect(String(error)).toMatch(/postgres: cannot open postgres(ql)?:\/\/.*:\*\*\*@/);
      expect(String(error)).not.toContain('hunter2-secret');
    });
  });

  describe('postgres storage across instances', () => {
    it('two storages on one database see each other’s writes and eTag conflicts', async () => {
      const schema = freshSchema();
      const a = await openPostgresStorage({ url: databaseUrl, schema });
      const b = await schemas.open(schema);
      try {
        await expectSharedStateAndConflicts(a, b);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('two outbox workers claiming at once never get the same delivery', async () => {
      const schema = freshSchema();
      const a = await openPostgresStorage({ url: databaseUrl, schema });
      const b = await schemas.open(schema);
      try {
        for (let n = 0; n < 10; n += 1) {
          await a.applications.submitApplication(submission({ submissionKey: `draft-${n}` }), tokenHash(n));
        }
        const now = new Date(Date.now() + 1_000);
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, n) => (n % 2 === 0 ? a : b).applications.claimDueDeliveries(now, 5, 60_000)),
        );
        const ids = claims.flat().map((delivery) => delivery.id);
        expect(ids).toHaveLength(20);
        expect(new Set(ids).size).toBe(20);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});

/** `table.column` names, sorted. */
function columnsOf(rows: unknown[]): string[] {
  return z
    .array(z.object({ table_name: z.string(), column_name: z.string() }))
    .parse(rows)
    .map((row) => `${row.table_name}.${row.column_name}`)
    .sort();
}

/** Every `table.column` of SQLite's current schema (SQLite's own bookkeeping table left out). */
function sqliteColumns(): string[] {
  const db = new Database(':memory:');
  try {
    migrateSqlite(db);
    const rows = db
      .prepare(
        `SELECT m.name AS table_name, c.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
      )
      .all();
    return columnsOf(rows);
  } finally {
    db.close();
  }
}

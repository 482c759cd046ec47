import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { conversationIdOfStateKey } from '../../src/storage/shared/state.js';
import { migrate, migrations, userVersion } from '../../src/storage/sqlite/migrations.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { expectEverythingKept, expectSharedStateAndConflicts, writeEverything } from './backendFixtures.js';
import { message } from './contract/fixtures.js';
import { storageContract } from './contract.js';

const root = mkdtempSync(join(tmpdir(), 'govbot-sqlite-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A database file in a directory that does not exist yet. */
function freshFile(): string {
  return join(root, randomUUID(), 'data', 'govbot.db');
}

storageContract('sqlite file', () => openSqliteStorage(freshFile()));
storageContract('sqlite :memory:', () => openSqliteStorage(':memory:'));

describe('sqlite storage', () => {
  it('runs in WAL mode', async () => {
    const file = freshFile();
    const storage = openSqliteStorage(file);
    const inspector = new Database(file, { readonly: true });
    try {
      expect(inspector.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      inspector.close();
      await storage.close();
    }
  });

  it('keeps everything across close and reopen of the same file', async () => {
    const file = freshFile();
    const first = openSqliteStorage(file);
    const eTag = await writeEverything(first);
    await first.close();

    const second = openSqliteStorage(file);
    try {
      await expectEverythingKept(second, eTag);
    } finally {
      await second.close();
    }
  });

  it('runs each migration once and records the schema version', async () => {
    const file = freshFile();
    await openSqliteStorage(file).close();
    await openSqliteStorage(file).close();
    const db = new Database(file);
    try {
      expect(userVersion(db)).toBe(migrations.length);
      expect(migrate(db)).toBe(migrations.length);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer GovBot', async () => {
    const file = freshFile();
    await openSqliteStorage(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openSqliteStorage(file)).toThrow(/cannot open/);
  });

  it('two connections to one file see each other’s writes and eTag conflicts', async () => {
    const file = freshFile();
    const a = openSqliteStorage(file);
    const b = openSqliteStorage(file);
    try {
      await expectSharedStateAndConflicts(a, b);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('migration 7 on a database from before tenants', () => {
  it('creates the tenant default, and the conversations there are its', async () => {
    const file = freshFile();
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      expect(migrate(db, 6)).toBe(6);
      // As GovBot before tenants wrote them: tenant_id left to its default.
      const insert = db.prepare(
        `INSERT INTO conversations (id, channel, locale, token_hash, created_at, updated_at)
         VALUES (?, 'socketio', 'de', ?, '2026-03-01T08:00:00.000Z', '2026-03-01T08:05:00.000Z')`,
      );
      insert.run('old-1', 'hash-1');
      insert.run('old-2', null);
      expect(migrate(db)).toBe(migrations.length);
    } finally {
      db.close();
    }

    const storage = openSqliteStorage(file);
    try {
      expect((await storage.tenants.listTenants()).map((tenant) => [tenant.id, tenant.settings])).toEqual([
        ['default', {}],
      ]);
      expect(await storage.conversations.findConversation('old-1')).toEqual({
        id: 'old-1',
        tenantId: 'default',
        channel: 'socketio',
        locale: 'de',
        createdAt: '2026-03-01T08:00:00.000Z',
        updatedAt: '2026-03-01T08:05:00.000Z',
      });
      expect(await storage.conversations.findConversationByTokenHash('hash-1')).toMatchObject({ id: 'old-1' });
      expect(await storage.conversations.findConversation('old-2')).toMatchObject({ tenantId: 'default' });
    } finally {
      await storage.close();
    }
  });
});

describe('sqlite storage under the group commit', () => {
  it('deletes what was asked for just before the deletion and is still queued, in order of asking', async () => {
    const storage = openSqliteStorage(':memory:');
    try {
      const conversation = await storage.conversations.createConversation({ id: 'c1', channel: 'web', locale: 'de' });
      const key = `web/conversations/${conversation.id}/state`;
      // None awaited: all wait in the group commit when the deletions are asked for.
      const answered = storage.transcripts.appendActivity(conversation.id, message('Antwort', 'bot'), 'a1');
      const stateWritten = storage.state.writeState({ [key]: { value: { step: 2 } } });
      const added = storage.inbox.addInboxEntry({
        at: new Date().toISOString(),
        conversationId: conversation.id,
        lang: 'de',
        text: 'Wo melde ich meinen Hund an?',
        reason: 'out_of_scope',
        intent: 'None',
        score: 0.2,
      });
      expect(await storage.inbox.deleteInboxEntriesOfConversation(conversation.id)).toBe(1);
      await storage.conversations.deleteConversation(conversation.id);
      await Promise.all([answered, stateWritten, added]);
      expect(await storage.inbox.listInbox()).toEqual([]);
      expect(await storage.state.readState([key])).toEqual({});
      expect(await storage.transcripts.listActivities(conversation.id)).toEqual([]);
      expect(await storage.conversations.findConversation(conversation.id)).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});

describe('conversationIdOfStateKey', () => {
  it('finds the conversation in ConversationState and PrivateConversationState keys only', () => {
    expect(conversationIdOfStateKey('webchat/conversations/abc-1/')).toBe('abc-1');
    expect(conversationIdOfStateKey('webchat/conversations/abc-1/ns')).toBe('abc-1');
    expect(conversationIdOfStateKey('msteams/conversations/19:x@thread;messageid=1/users/u1/')).toBe(
      '19:x@thread;messageid=1',
    );
    expect(conversationIdOfStateKey('webchat/users/u1/')).toBeUndefined();
    expect(conversationIdOfStateKey('custom-key')).toBeUndefined();
  });
});

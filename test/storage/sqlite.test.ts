import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, migrations, userVersion } from '../../src/storage/sqlite/migrations.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { conversationIdOfStateKey } from '../../src/storage/sqlite/SqliteStateRepository.js';
import { corpus, message, office, service } from './contract/fixtures.js';
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
    await first.catalogue.saveCatalogue(
      { services: [service('reisepass')], offices: [office('a')] },
      { replace: true },
    );
    await first.intents.saveCorpora([corpus('services', 'de', 'service.reisepass')]);
    await first.models.saveModel({ fingerprint: 'fp', createdAt: '2025-01-01T00:00:00.000Z', data: 'model' });
    await first.conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' }, 'hash');
    await first.transcripts.appendActivity('c1', message('Hallo', 'user'), 'm1');
    await first.state.writeState({ 'socketio/conversations/c1/': { value: { step: 1 } } });
    const eTag = (await first.state.readState(['socketio/conversations/c1/']))['socketio/conversations/c1/']?.eTag;
    await first.close();

    const second = openSqliteStorage(file);
    try {
      expect(await second.catalogue.listServices()).toEqual([service('reisepass')]);
      expect(await second.catalogue.listOffices()).toEqual([office('a')]);
      expect(await second.intents.listCorpora()).toEqual([corpus('services', 'de', 'service.reisepass')]);
      expect(await second.models.findLatestModel()).toMatchObject({ fingerprint: 'fp', data: 'model' });
      expect(await second.conversations.findConversationByTokenHash('hash')).toMatchObject({ id: 'c1' });
      expect((await second.transcripts.appendActivity('c1', message('Hallo', 'user'), 'm1')).duplicate).toBe(true);
      expect(await second.state.readState(['socketio/conversations/c1/'])).toEqual({
        'socketio/conversations/c1/': { value: { step: 1 }, eTag },
      });
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
      await a.state.writeState({ k: { value: { n: 1 } } });
      const seenByB = (await b.state.readState(['k'])).k;
      expect(seenByB?.value).toEqual({ n: 1 });
      await a.state.writeState({ k: { value: { n: 2 }, eTag: seenByB?.eTag } });
      await expect(b.state.writeState({ k: { value: { n: 3 }, eTag: seenByB?.eTag } })).rejects.toThrow(
        /eTag conflict/,
      );
    } finally {
      await a.close();
      await b.close();
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

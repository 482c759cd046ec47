import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/storage/sqlite/GroupCommit.js';

describe('GroupCommit', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  /** A WAL database with one table, the group's connection and a second one that sees only what is committed. */
  function open(options: { busyTimeoutMs?: number } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-group-'));
    const file = join(dir, 'group.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    cleanups.push(() => {
      other.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const insert = (text: string) => () =>
      Number(db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid);
    const committed = () => other.prepare('SELECT text FROM notes ORDER BY id').pluck().all();
    /** Frames in the WAL: every commit appends the pages it changed. */
    const walFrames = () => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? 0;
    return { db, other, group: new GroupCommit(db), insert, committed, walFrames };
  }

  it('settles a write only once it is committed, where another connection sees it', async () => {
    const { group, insert, committed } = open();
    const written = group.write(insert('eins'));
    expect(committed()).toEqual([]);
    await expect(written).resolves.toBe(1);
    expect(committed()).toEqual(['eins']);
  });

  it('commits the writes asked for in one iteration of the event loop together, in order', async () => {
    const grouped = open();
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((text) => grouped.group.write(grouped.insert(text))));
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(grouped.committed()).toEqual(['a', 'b', 'c', 'd']);

    // The same four writes one after the other: a commit each, each appending the table's page to the WAL again.
    const oneByOne = open();
    for (const text of ['a', 'b', 'c', 'd']) await oneByOne.group.write(oneByOne.insert(text));
    expect(oneByOne.committed()).toEqual(['a', 'b', 'c', 'd']);
    expect(grouped.walFrames()).toBeLessThan(oneByOne.walFrames());
  });

  it('fails a write alone: its statements are undone, the others of its group are committed', async () => {
    const { db, group, insert, committed } = open();
    const failing = () => {
      db.prepare('INSERT INTO notes (text) VALUES (?)').run('halb');
      return insert('zwei')();
    };
    const results = await Promise.allSettled([
      group.write(insert('zwei')),
      group.write(failing),
      group.write(insert('drei')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committed()).toEqual(['zwei', 'drei']);
  });

  it('rejects every write of a group that cannot commit, and stores none of them', async () => {
    const { other, group, insert, committed } = open({ busyTimeoutMs: 0 });
    other.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled([group.write(insert('x')), group.write(insert('y'))]);
    other.exec('ROLLBACK');
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
    expect(committed()).toEqual([]);
    // The next group is not hurt.
    await group.write(insert('z'));
    expect(committed()).toEqual(['z']);
  });

  it('commits what is queued when flushed, before the loop comes round (closing the database)', async () => {
    const { group, insert, committed } = open();
    const written = group.write(insert('vor dem Schließen'));
    group.flush();
    expect(committed()).toEqual(['vor dem Schließen']);
    await expect(written).resolves.toBe(1);
  });
});

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorporaDir, loadCorpusFiles } from '../../src/nlu/loadCorporaDir.js';
import { DEFAULT_INTENTS_DIR, openDataDir } from '../../src/storage/openDataDir.js';
import { migrate, userVersion } from '../../src/storage/sqlite/migrations.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { corpus } from './contract/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'govbot-workbench-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

function freshFile(): string {
  const dir = join(root, randomUUID());
  mkdirSync(dir, { recursive: true });
  return join(dir, 'govbot.db');
}

/** The default corpus's names in the order databases before step 5 were seeded with them. */
const SEEDED = [
  ['de', 'Gesprächsführung'],
  ['de', 'Außerhalb des Themenbereichs'],
  ['de', 'Dienstleistungen'],
  ['en', 'Conversation'],
  ['en', 'Out of scope'],
  ['en', 'Services'],
] as const;

describe('migration 5 on a database from before the workbench', () => {
  it('gives existing corpora their files: the default corpus its real ones, others a unique slug per tenant', async () => {
    const file = freshFile();
    const db = new Database(file);
    const corpora = [
      ...SEEDED.map(([locale, name]) => corpus(name, locale, 'smalltalk.greeting')),
      corpus('Führerschein & Kfz', 'de', 'service.kfz'),
      corpus('Führerschein & Kfz', 'de', 'service.kfz-2'),
    ];
    try {
      expect(migrate(db, 4)).toBe(4);
      const insert = db.prepare('INSERT INTO corpora (tenant_id, position, name, locale, json) VALUES (?, ?, ?, ?, ?)');
      corpora.forEach((c, position) => {
        insert.run('default', position, c.name, c.locale, JSON.stringify(c));
      });
      insert.run('nachbarstadt', 0, 'Dienstleistungen', 'de', JSON.stringify(corpora[2]));
      expect(migrate(db, 5)).toBe(5);
      expect(db.prepare("SELECT path FROM corpora WHERE tenant_id = 'nachbarstadt'").all()).toEqual([
        { path: 'de/services.json' },
      ]);
    } finally {
      db.close();
    }

    const storage = openSqliteStorage(file);
    try {
      expect(await storage.intents.listCorpora()).toEqual(corpora);
      expect((await storage.intents.listCorpusFiles()).map((f) => f.path)).toEqual([
        'de/conversation.json',
        'de/out-of-scope.json',
        'de/services.json',
        'en/conversation.json',
        'en/out-of-scope.json',
        'en/services.json',
        'de/fuehrerschein-kfz.json',
        'de/fuehrerschein-kfz-2.json',
      ]);
      // The new tables are there and work on the migrated file.
      expect(await storage.versions.liveVersion()).toBeUndefined();
      expect(await storage.inbox.listInbox()).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('migrates a version 4 database without corpora', () => {
    const db = new Database(freshFile());
    try {
      migrate(db, 4);
      expect(userVersion(db)).toBe(4);
      expect(migrate(db, 5)).toBe(5);
    } finally {
      db.close();
    }
  });
});

describe('corpus files from intents/', () => {
  it('loadCorpusFiles names each file relative to the directory; loadCorporaDir gives the same corpora', () => {
    const files = loadCorpusFiles(DEFAULT_INTENTS_DIR);
    expect(files.map((f) => f.path)).toEqual([
      'de/conversation.json',
      'de/out-of-scope.json',
      'de/services.json',
      'en/conversation.json',
      'en/out-of-scope.json',
      'en/services.json',
    ]);
    expect(files.map((f) => f.corpus.name)).toEqual(SEEDED.map(([, name]) => name));
    expect(loadCorporaDir(DEFAULT_INTENTS_DIR)).toEqual(files.map((f) => f.corpus));
  });

  it('a fresh data directory is seeded with the corpora and their real paths', async () => {
    const dataDir = join(root, randomUUID());
    const { storage, seeded } = await openDataDir(dataDir);
    try {
      expect(seeded).toContain('intents');
      expect(await storage.intents.listCorpusFiles()).toEqual(loadCorpusFiles(DEFAULT_INTENTS_DIR));
    } finally {
      await storage.close();
    }
  });

  it('refuses a corpus whose locale does not match its folder, naming the file', () => {
    const dir = join(root, randomUUID());
    mkdirSync(join(dir, 'en'), { recursive: true });
    writeFileSync(join(dir, 'en', 'services.json'), JSON.stringify(corpus('Services', 'de', 'service.a')));
    expect(() => loadCorpusFiles(dir)).toThrow(/services\.json: locale de does not match the folder en/);
  });
});

describe('publishing from several processes at once', () => {
  // Enough publications that the processes' transactions overlap: without an IMMEDIATE transaction this fails with
  // SQLITE_BUSY_SNAPSHOT.
  it('numbers every version exactly once, without gaps', async () => {
    const file = freshFile();
    await openSqliteStorage(file).close();
    const script = join(root, `${randomUUID()}.mts`);
    const module = join(repoRoot, 'src/storage/sqlite/openSqliteStorage.js');
    writeFileSync(
      script,
      `import { openSqliteStorage } from ${JSON.stringify(module)};
const storage = openSqliteStorage(process.argv[2]);
for (let n = 0; n < 300; n += 1) {
  await storage.versions.publishVersion({
    publishedAt: new Date().toISOString(), publishedBy: process.argv[3], fingerprint: 'fp', corporaHash: 'c',
    catalogueHash: 'k',
  });
}
await storage.close();
`,
    );
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    await Promise.all(['a', 'b', 'c'].map((who) => run(tsx, [script, file, who], { cwd: repoRoot })));
    const storage = openSqliteStorage(file);
    try {
      const versions = await storage.versions.listVersions();
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 900 }, (_, n) => 900 - n));
      for (const who of ['a', 'b', 'c']) expect(versions.filter((v) => v.publishedBy === who)).toHaveLength(300);
    } finally {
      await storage.close();
    }
  });
});

import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { CitizenClient } from '../support/citizenClient.js';
import { startChatLoad } from './chatLoad.js';
import { faultFixture } from './faultFixture.js';
import { govbotCommand } from './govbotProcess.js';

describe('govbot backup', () => {
  const fixture = faultFixture();

  it('backs up the database while the server writes to it; a server started on the backup has the conversations', async () => {
    const dir = fixture.dataDir();
    const server = await fixture.serve(dir);
    const backupDir = mkdtempSync(join(tmpdir(), 'govbot-backup-'));
    fixture.later(() => rmSync(backupDir, { recursive: true, force: true }));
    const backup = join(backupDir, 'govbot-backup.sqlite');
    // The backup starts once 30 messages are stored and runs while the citizens go on sending.
    let startBackup: () => void = () => undefined;
    const thirtyStored = new Promise<void>((resolve) => {
      startBackup = resolve;
    });
    const load = await startChatLoad(server.url, 4, (acked) => {
      if (acked === 30) startBackup();
    });
    await thirtyStored;
    const storedBefore = load.citizens.map(({ sent }) => sent.filter((m) => m.acked).map((m) => m.id));
    const { stdout } = await govbotCommand(['backup', backup, '--data-dir', dir]);
    load.stop();
    await Promise.all(load.citizens.map((citizen) => citizen.done));
    expect(stdout).toMatch(/^backed up .*govbot\.sqlite to .*govbot-backup\.sqlite: [\d.]+ (KiB|MiB) in \d+ ms\n$/);
    // Restored as docs/operations.md says: the backup becomes the database of a data directory of its own.
    const restored = fixture.dataDir();
    copyFileSync(backup, join(restored, 'govbot.sqlite'));

    // A second backup to the same file is refused unless --force: a backup never silently replaces another.
    const size = statSync(backup).size;
    await expect(govbotCommand(['backup', backup, '--data-dir', dir])).rejects.toMatchObject({
      stderr: expect.stringContaining('exists; choose another file or pass --force'),
    });
    expect(statSync(backup).size).toBe(size);
    await govbotCommand(['backup', backup, '--data-dir', dir, '--force']);
    expect(existsSync(`${backup}.partial`)).toBe(false);

    const onBackup = await fixture.serve(restored);
    // Read beside the server: the citizens sent on while the backup ran, and a slow machine lets them send more than
    // a history request returns.
    const restoredStorage = openSqliteStorage(join(restored, 'govbot.sqlite'));
    fixture.later(() => restoredStorage.close());
    for (const [index, { client }] of load.citizens.entries()) {
      const resumed = await CitizenClient.connect(onBackup.url, { token: client.session.token });
      fixture.later(() => resumed.close());
      expect(resumed.session).toMatchObject({ conversationId: client.session.conversationId, resumed: true });
      const entries = await restoredStorage.transcripts.listActivities(client.session.conversationId, 1_000_000);
      const ids = entries.map((entry) => entry.activityId);
      expect(ids).toEqual(expect.arrayContaining(storedBefore[index] ?? []));
    }
    expect(readFileSync(backup).subarray(0, 16).toString()).toBe('SQLite format 3\0');
  }, 60_000);
});

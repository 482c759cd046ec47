import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/AuthService.js';
import { openDataDir } from '../../src/storage/openDataDir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/**
 * Runs the `govbot` command from its TypeScript source through tsx, with optional stdin, so this test sees the
 * commands as registered in src/cli/govbot.ts without a build.
 */
async function govbot(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const child = run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/govbot.ts'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  child.child.stdin?.end(input ?? '');
  return child;
}

// Each run of the command starts tsx and opens the data dir: a few seconds, more on a busy machine.
describe('govbot user', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-user-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds users with the password from stdin, who can then log in, and lists them by name', async () => {
    const added = await govbot(
      ['user', 'add', '--name', 'zoe', '--role', 'admin', '--password-stdin', '--data-dir', dataDir],
      'ein sehr langes Passwort\n',
    );
    expect(added.stdout).toBe('created admin zoe for every tenant\n');
    await govbot(
      ['user', 'add', '--data-dir', dataDir, '--role', 'agent', '--name', 'anna', '--password-stdin'],
      'noch ein langes Passwort',
    );

    const { stdout } = await govbot(['user', 'list', '--data-dir', dataDir]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^name\s+role\s+tenants\s+created\s+locked$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^anna\s+agent\s+default\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      expect.stringMatching(/^zoe\s+admin\s+every tenant\s+\d{4}-/),
    ]);
    expect(stdout).not.toContain('Passwort');

    const { storage } = await openDataDir(dataDir);
    try {
      const auth = new AuthService(storage.users);
      // The final line break of stdin is not part of the password.
      expect(await auth.login('zoe', 'ein sehr langes Passwort')).toMatchObject({ ok: true, user: { role: 'admin' } });
      expect(await auth.login('anna', 'noch ein langes Passwort')).toMatchObject({ ok: true });
    } finally {
      await storage.close();
    }
  });

  it('refuses a short password, a taken name, and a password without --password-stdin', async () => {
    const add = (name: string, extra: string[], input?: string) =>
      govbot(['user', 'add', '--name', name, '--role', 'editor', '--data-dir', dataDir, ...extra], input);
    await expect(add('kurt', ['--password-stdin'], 'zu kurz\n')).rejects.toMatchObject({
      stderr: expect.stringContaining('at least 12 characters'),
    });
    await add('erik', ['--password-stdin'], 'ein sehr langes Passwort');
    await expect(add('erik', ['--password-stdin'], 'ein anderes Passwort')).rejects.toMatchObject({
      stderr: expect.stringContaining('a user named erik already exists'),
    });
    await expect(add('paul', [], 'ein sehr langes Passwort')).rejects.toMatchObject({
      stderr: expect.stringContaining('--password-stdin is required'),
    });
    const { stdout } = await govbot(['user', 'list', '--data-dir', dataDir]);
    expect(stdout).toMatch(/^erik\s+editor/m);
    expect(stdout).not.toMatch(/kurt|paul/);
  });

  it('sets the tenants a user works for, refusing unknown ones, and audits the change', async () => {
    const { storage } = await openDataDir(dataDir);
    try {
      await storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
      await storage.tenants.saveTenant('beispielstadt', { name: 'Beispielstadt' });
    } finally {
      await storage.close();
    }
    const added = await govbot(
      [
        'user',
        'add',
        '--name',
        'dora',
        '--role',
        'agent',
        '--tenant',
        'musterdorf',
        '--password-stdin',
        '--data-dir',
        dataDir,
      ],
      'ein sehr langes Passwort',
    );
    expect(added.stdout).toBe('created agent dora for musterdorf\n');
    const set = await govbot([
      'user',
      'tenants',
      'dora',
      '--tenant',
      'musterdorf',
      '--tenant',
      'beispielstadt',
      '--data-dir',
      dataDir,
    ]);
    expect(set.stdout).toBe('dora works for beispielstadt, musterdorf; open consoles follow within 30 seconds\n');
    await expect(
      govbot(['user', 'tenants', 'dora', '--tenant', 'nirgendwo', '--data-dir', dataDir]),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('unknown tenant nirgendwo') });
    await expect(govbot(['user', 'tenants', 'niemand', '--data-dir', dataDir])).rejects.toMatchObject({
      stderr: expect.stringContaining('no user named niemand'),
    });
    const { stdout } = await govbot(['user', 'list', '--data-dir', dataDir]);
    expect(stdout).toMatch(/^dora\s+agent\s+beispielstadt, musterdorf\s+\d{4}-/m);

    const reopened = await openDataDir(dataDir);
    try {
      const [entry] = await reopened.storage.audit.listAudit({ action: 'user.tenants' });
      expect(entry).toMatchObject({
        actorName: 'cli',
        details: { user: 'dora', from: ['musterdorf'], to: ['beispielstadt', 'musterdorf'] },
      });
    } finally {
      await reopened.storage.close();
    }
  });
});

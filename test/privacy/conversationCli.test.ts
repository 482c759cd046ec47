import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDataDir } from '../../src/storage/openDataDir.js';
import { PERSONAL_TEXT, seedCitizen } from './seedCitizen.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Runs `govbot` from its TypeScript source through tsx (as test/cli/user.test.ts), so no build is needed. */
function govbot(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/govbot.ts'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
}

// Each run starts tsx and opens the data dir: a few seconds, more on a busy machine.
describe('govbot conversation export / delete', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-privacy-cli-'));
  beforeAll(async () => {
    const { storage } = await openDataDir(dataDir);
    try {
      await seedCitizen(storage, 'c1');
    } finally {
      await storage.close();
    }
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports the conversation as JSON with its files, and audits the export', async () => {
    const { stdout } = await govbot(['conversation', 'export', 'c1', '--files', '--data-dir', dataDir]);
    const exported = z
      .object({
        conversationId: z.literal('c1'),
        transcript: z.array(z.object({ activity: z.object({ text: z.string() }) })),
        uploads: z.array(z.object({ data: z.string() })),
      })
      .parse(JSON.parse(stdout));
    expect(exported.transcript[0]?.activity.text).toBe(PERSONAL_TEXT);
    expect(exported.uploads).toHaveLength(1);
    await expect(govbot(['conversation', 'export', 'nope', '--data-dir', dataDir])).rejects.toMatchObject({
      stderr: expect.stringContaining('nothing is stored about conversation nope'),
    });
  });

  it('deletes the conversation, audited as done by cli', async () => {
    const { stdout } = await govbot(['conversation', 'delete', 'c1', '--data-dir', dataDir]);
    expect(stdout).toBe('deleted conversation c1\n');
    const { storage } = await openDataDir(dataDir);
    try {
      expect(await storage.conversations.findConversation('c1')).toBeUndefined();
      expect(await storage.transcripts.listActivities('c1')).toEqual([]);
      const actions = (await storage.audit.listAudit({ conversationId: 'c1' })).map((entry) => entry.actorName);
      expect(actions).toEqual(['cli', 'cli']);
    } finally {
      await storage.close();
    }
    await expect(govbot(['conversation', 'delete', 'c1', '--data-dir', dataDir])).rejects.toMatchObject({
      stderr: expect.stringContaining('no conversation c1'),
    });
  });
});

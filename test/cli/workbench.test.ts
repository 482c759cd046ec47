import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDataDir } from '../../src/storage/openDataDir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/src/cli/govbot.js');
const intentsDir = join(root, 'intents');
const run = promisify(execFile);

/** Runs the built `govbot` command (npm test builds first). */
function govbot(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' } });
}

/** The `<lang>/*.json` files under `dir` with their contents. */
function corpusFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.json'))
      .map((path) => [path.split('\\').join('/'), readFileSync(join(dir, path), 'utf8')]),
  );
}

describe('govbot train, export-intents and import-intents', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-cli-workbench-'));
    dirs.push(dir);
    return dir;
  };
  const templateCopy = () => {
    const dir = newDir();
    cpSync(inject('templateDataDir'), dir, { recursive: true });
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('train publishes the draft as the next version, by cli', async () => {
    const dataDir = templateCopy();
    const first = await govbot(['train', '--data-dir', dataDir]);
    // The template has the model of its draft already.
    expect(first.stdout).toMatch(
      /^default: reused the model \w+ on \d+ services in [\d.]+ s; published as version 1\b/,
    );
    // The same draft again: the live version has it, so nothing is published.
    const second = await govbot(['train', '--data-dir', dataDir]);
    expect(second.stdout).toMatch(/^default: version 1 has this content already; nothing published$/m);
    // An office's opening note changed: a new version, whose model (trained from services and intents) is the same.
    const changed = await openDataDir(dataDir);
    try {
      const [office, ...others] = await changed.storage.catalogue.listOffices();
      if (!office) throw new Error('the template has no offices');
      const noted = { ...office, openingNote: { de: 'Am 24. Dezember geschlossen.' } };
      await changed.storage.catalogue.saveCatalogue({ services: [], offices: [noted, ...others] }, { replace: false });
    } finally {
      await changed.storage.close();
    }
    const third = await govbot(['train', '--data-dir', dataDir]);
    expect(third.stdout).toMatch(
      /^default: reused the model \w+ on \d+ services in [\d.]+ s; published as version 2\b/,
    );
    const { storage } = await openDataDir(dataDir);
    try {
      const versions = await storage.versions.listVersions();
      expect(versions.map((version) => [version.version, version.publishedBy])).toEqual([
        [2, 'cli'],
        [1, 'cli'],
      ]);
      expect(versions[0]?.gatePassed).toBeUndefined();
      expect(await storage.audit.listAudit({ action: 'editor.version.published' })).toHaveLength(2);
    } finally {
      await storage.close();
    }
  }, 120_000);

  it('exports an unchanged draft byte for byte as the files in intents/ (git diff stays empty)', async () => {
    const out = newDir();
    const { stdout } = await govbot(['export-intents', '--data-dir', templateCopy(), '--dir', out]);
    expect(stdout).toMatch(/exported 6 corpus files .*: 6 written, 0 deleted, 0 unchanged/);
    expect(corpusFiles(out)).toEqual(corpusFiles(intentsDir));
    // Exporting over the repository's own files writes nothing.
    const again = await govbot(['export-intents', '--data-dir', templateCopy(), '--dir', out]);
    expect(again.stdout).toMatch(/0 written, 0 deleted, 6 unchanged/);
  });

  it('imports edited files into the draft, says what changed, and exports them back', async () => {
    const dataDir = templateCopy();
    const dir = newDir();
    cpSync(intentsDir, dir, { recursive: true });
    const file = join(dir, 'de', 'conversation.json');
    const corpus = JSON.parse(readFileSync(file, 'utf8'));
    corpus.data[0].utterances.push('Moinsen');
    corpus.data = corpus.data.filter((entry: { intent: string }) => entry.intent !== 'privacy');
    writeFileSync(file, `${JSON.stringify(corpus, null, 2)}\n`);
    rmSync(join(dir, 'en', 'out-of-scope.json'));

    const imported = await govbot(['import-intents', '--data-dir', dataDir, '--dir', dir]);
    expect(imported.stdout).toContain('changed de/conversation.json: intents removed: privacy; 1 utterance added');
    expect(imported.stdout).toContain('removed en/out-of-scope.json');
    expect(imported.stdout).toMatch(/imported 5 corpus files/);
    const unchanged = await govbot(['import-intents', '--data-dir', dataDir, '--dir', dir]);
    expect(unchanged.stdout).toMatch(/nothing imported/);

    const out = newDir();
    cpSync(intentsDir, out, { recursive: true });
    const exported = await govbot(['export-intents', '--data-dir', dataDir, '--dir', out]);
    expect(exported.stdout).toContain('wrote de/conversation.json');
    expect(exported.stdout).toContain('deleted en/out-of-scope.json (not in the draft)');
    const files = corpusFiles(out);
    expect(Object.keys(files)).not.toContain('en/out-of-scope.json');
    expect(files['de/conversation.json']).toContain('"Moinsen"');
    expect(files['de/conversation.json']).not.toContain('"privacy"');
    expect(files['de/services.json']).toBe(readFileSync(join(intentsDir, 'de', 'services.json'), 'utf8'));
  });

  it('fails on a broken corpus file with its name, and imports nothing', async () => {
    const dataDir = templateCopy();
    const dir = newDir();
    cpSync(intentsDir, dir, { recursive: true });
    writeFileSync(join(dir, 'de', 'services.json'), '{ "version": 1, "name": "x", "locale": "de-DE", "data": [{}] }');
    await expect(govbot(['import-intents', '--data-dir', dataDir, '--dir', dir])).rejects.toMatchObject({
      stderr: expect.stringMatching(/govbot: .*services\.json: invalid corpus/),
    });
  });
});

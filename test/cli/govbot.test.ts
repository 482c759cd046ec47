import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/src/cli/govbot.js');
const munich = join(root, '../shared/data/munich-dldb');
const run = promisify(execFile);

/** Runs the built `govbot` command (npm test builds first), optionally with stdin. */
async function govbot(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const child = run(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' } });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
}

const ParseLine = z.strictObject({
  text: z.string(),
  lang: z.enum(['de', 'en']),
  intent: z.string(),
  score: z.number().min(0).max(1),
  service: z.strictObject({ id: z.string(), title: z.string(), leika: z.array(z.string()) }).nullable(),
  candidates: z.array(z.strictObject({ id: z.string(), score: z.number() })).max(3),
  outOfScope: z.boolean(),
});

async function parse(dataDir: string, questions: string[], lang?: string) {
  const { stdout } = await govbot(
    ['parse', '--data-dir', dataDir, ...(lang ? ['--lang', lang] : [])],
    `${questions.join('\n')}\n`,
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => ParseLine.parse(JSON.parse(line)));
}

describe('govbot command line', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('seeds a fresh data dir on train, then parse answers from it, one JSON line per question', async () => {
    const dir = join(newDir(), 'nested', 'data');
    const trained = await govbot(['train', '--data-dir', dir]);
    expect(trained.stdout).toMatch(/trained \w+ on \d+ services/);
    const results = await parse(dir, ['Ich möchte einen Hund anmelden', 'Erzähl mir einen Witz', 'I lost my passport']);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ lang: 'de', outOfScope: false, service: { id: 'hund-anmelden' } });
    expect(results[0]?.service?.leika[0]).toMatch(/^99\d{12}$/);
    expect(results[1]).toMatchObject({ intent: 'None', service: null, outOfScope: true });
    expect(results[2]).toMatchObject({ lang: 'en', service: { id: 'reisepass' } });
  });

  it('honours GOVBOT_DATA_DIR and --lang', async () => {
    const dir = newDir();
    const { stdout } = await run(process.execPath, [cli, 'train'], { env: { ...process.env, GOVBOT_DATA_DIR: dir } });
    expect(stdout).toMatch(/trained/);
    const [result] = await parse(dir, ['Reisepass'], 'en');
    expect(result?.lang).toBe('en');
  });

  it('imports the real Munich catalogue with --replace and answers it with no hand-written intents', async () => {
    const dir = newDir();
    const imported = await govbot([
      'import',
      '--format',
      'dldb',
      join(munich, 'services_de.json'),
      '--locations',
      join(munich, 'locations_de.json'),
      '--replace',
      '--data-dir',
      dir,
    ]);
    expect(imported.stdout).toContain('imported 287 services and 109 offices');
    // Phrasings written for this test, not the evaluation set's. Known misses of today's model, kept for the
    // understanding work of issue 3: "Ich möchte aus der Kirche austreten" (verb vs. noun), "Fundbüro" alone.
    const results = await parse(dir, [
      'Kirchenaustritt erklären',
      'Wo bekomme ich einen Angelschein?',
      'Gewerbeanmeldung',
      'Wo kann ich eine Fundsache abholen?',
      'Antrag auf Einbürgerung',
      'Wie ist das Wetter in Hamburg?',
    ]);
    expect(results.map((r) => r.service?.id ?? null)).toEqual([
      '1063731',
      '1073758',
      '1063423',
      '1063519',
      '1071907',
      null,
    ]);
    // Only Munich's services are left: no default-catalogue id is a candidate any more.
    expect(results.flatMap((r) => r.candidates.map((c) => c.id)).every((id) => /^\d+$/.test(id))).toBe(true);
  }, 120_000);

  it('fails with a clear message on a file that is not a DLDB export', async () => {
    const dir = newDir();
    await expect(
      govbot(['import', '--format', 'dldb', join(root, 'package.json'), '--data-dir', dir]),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/govbot: .*dldb|DLDB/i),
    });
  });
});

import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { EvalReport } from '../../src/nlu/evaluation/evalReport.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/src/cli/govbot.js');
const run = promisify(execFile);

/** Runs the built `govbot` command (npm test builds first) from the repository root. */
function govbot(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' } });
}

async function evalJson(args: string[]): Promise<EvalReport> {
  const { stdout } = await govbot(['eval', '--json', ...args]);
  return EvalReport.parse(JSON.parse(stdout));
}

describe('govbot eval', () => {
  const dirs: string[] = [];
  /** A data dir with the default catalogue, intents and trained model (copied from the test run's template). */
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-eval-'));
    dirs.push(dir);
    copyFileSync(join(inject('templateDataDir'), 'govbot.sqlite'), join(dir, 'govbot.sqlite'));
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('cross-validates the default catalogue and corpus, the same way for the same seed', async () => {
    const dir = newDir();
    const args = ['--data-dir', dir, '--folds', '3', '--lang', 'en', '--seed', '7'];
    const { stdout } = await govbot(['eval', '--json', ...args]);
    const report = EvalReport.parse(JSON.parse(stdout));
    if (report.kind !== 'cross-validation') throw new Error(`expected a cross-validation report, got ${report.kind}`);
    expect(report).toMatchObject({ folds: 3, seed: 7, languages: ['en'] });
    expect(report.overall.examples).toBeGreaterThan(1000);
    expect(report.overall.examples + report.untestable.reduce((n, u) => n + u.examples, 0)).toBe(report.examples);
    expect(report.overall.accuracy.rate).toBeGreaterThan(0.5);
    expect(report.overall.accuracy.rate).toBeLessThanOrEqual(1);
    expect(report.overall.outOfScopeRejection.total).toBeGreaterThan(0);
    expect(report.overall.perIntent.some((m) => m.intent.startsWith('service.'))).toBe(true);
    expect(report.overall.confusions.length).toBeLessThanOrEqual(10);
    expect((await govbot(['eval', '--json', ...args])).stdout).toBe(stdout);

    const table = await govbot(['eval', ...args, '--top', '5']);
    expect(table.stdout).toMatch(/Cross-validation: 3 folds, seed 7, en/);
    expect(table.stdout).toMatch(/Intents, worst F1 first \(5 of \d+\)/);
  }, 120_000);

  it('scores the labelled dev questions of the default catalogue', async () => {
    const dir = newDir();
    const report = await evalJson(['--data-dir', dir, '--questions', '../shared/eval/default-catalogue-dev.tsv']);
    if (report.kind !== 'questions') throw new Error(`expected a question report, got ${report.kind}`);
    expect(report.overall).toMatchObject({ questions: 22, inScope: 22, outOfScope: 0 });
    expect(report.overall.top1.rate).toBeGreaterThan(0.5);
    expect(report.overall.top3.count).toBeGreaterThanOrEqual(report.overall.top1.count);
    expect(report.byLanguage.map((l) => [l.lang, l.figures.questions])).toEqual([
      ['de', 18],
      ['en', 4],
    ]);
    expect(report.unknownIds).toEqual([]);
    expect(report.misses).toHaveLength(22 - report.overall.top1.count);

    const table = await govbot(['eval', '--data-dir', dir, '--questions', '../shared/eval/default-catalogue-dev.tsv']);
    expect(table.stdout).toContain('22 questions, 22 in scope, 0 out of scope');
  }, 60_000);

  it('reports the rejection rate of out-of-scope traffic (MASSIVE jsonl) and of None lines', async () => {
    const dir = newDir();
    const massive = await evalJson(['--data-dir', dir, '--questions', '../shared/data/massive-de-DE-dev-even.jsonl']);
    expect(massive.overall).toMatchObject({ questions: 1017, inScope: 0, outOfScope: 1017 });
    expect(massive.overall.outOfScopeRejection.rate).toBeGreaterThan(0.5);

    const file = join(dir, 'mixed.tsv');
    writeFileSync(
      file,
      '# lang\tquestion\tids\nde\tIch will meinen Hund anmelden\thund-anmelden\nde\tWie wird das Wetter?\tNone\n',
    );
    const mixed = await evalJson(['--data-dir', dir, '--questions', file]);
    expect(mixed.overall).toMatchObject({ questions: 2, inScope: 1, outOfScope: 1 });
  }, 60_000);

  it('fails with the file and line of a broken question file', async () => {
    const dir = newDir();
    const file = join(dir, 'broken.tsv');
    writeFileSync(file, '# lang\tquestion\tids\nfr\tBonjour\tgreeting\n');
    await expect(govbot(['eval', '--data-dir', dir, '--questions', file])).rejects.toMatchObject({
      stderr: expect.stringMatching(/govbot: .*broken\.tsv: invalid question file\n\s+line 2: unknown language "fr"/),
    });
    await expect(govbot(['eval', '--data-dir', dir, '--folds', '1'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/govbot: --folds: /),
    });
  });
});

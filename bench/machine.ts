import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../src/packageRoot.js';

/** The machine and software a run was measured on. */
export interface Machine {
  cpu: string;
  cores: number;
  totalMemoryGb: number;
  node: string;
  date: string;
  /** The checked-out commit, marked when the tree had changes. */
  commit: string;
  nlpjsVersion: string;
  /** The 1-minute load average when the run started: other work on the machine slows both engines. */
  loadAverage: number;
}

export function describeMachine(now: Date = new Date()): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    totalMemoryGb: totalmem() / 2 ** 30,
    node: process.version,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: currentCommit(),
    nlpjsVersion: installedVersion('@nlpjs/basic'),
    loadAverage: loadavg()[0] ?? 0,
  };
}

function currentCommit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: packageRoot(), encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain').length > 0 ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

function installedVersion(name: string): string {
  try {
    const json: unknown = JSON.parse(readFileSync(join(packageRoot(), 'node_modules', name, 'package.json'), 'utf8'));
    return z.object({ version: z.string() }).parse(json).version;
  } catch {
    return 'unknown';
  }
}

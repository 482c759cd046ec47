import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { User } from '../../../src/auth/types.js';
import type { GateOptionsInput } from '../../../src/editor/training/workerProtocol.js';
import type { GateReport } from '../../../src/editor/types.js';
import { openDataDir } from '../../../src/storage/openDataDir.js';
import type { Storage } from '../../../src/storage/repositories.js';

/** Two conversation scenarios instead of the dialogs' hundred: for tests where the full gate is not the point. */
export const SMALL_SCRIPTS_DIR = fileURLToPath(new URL('./fixtures/conversations', import.meta.url));

/** A quick gate: two folds and the small scripts. */
export const QUICK_GATE: GateOptionsInput = { folds: 2, conversations: { scriptsDir: SMALL_SCRIPTS_DIR } };

export function staffUser(name: string, role: User['role'] = 'editor'): User {
  return {
    id: `user-${name}`,
    name,
    role,
    tenants: ['default'],
    failedLogins: 0,
    lockedUntil: undefined,
    createdAt: new Date().toISOString(),
  };
}

/** A copy of the seeded, trained template data directory, opened; `close` closes and deletes it. */
export async function openTemplateCopy(): Promise<{ dir: string; storage: Storage; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-workbench-'));
  cpSync(inject('templateDataDir'), dir, { recursive: true });
  const { storage } = await openDataDir(dir);
  return {
    dir,
    storage,
    close: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A release gate's report that passed or not, with plausible figures. */
export function gate(passed: boolean): GateReport {
  return {
    passed,
    checks: [{ name: 'must-pass', passed, summary: passed ? '1 of 1 must-pass questions passed' : '0 of 1 …' }],
    crossValidation: {
      folds: 5,
      seed: 1,
      examples: 10,
      accuracy: 0.7,
      macroF1: 0.7,
      outOfScopeRejection: 0.9,
      falseRejection: 0.1,
    },
    perIntent: [],
    confusions: [],
    conversations: [],
    mustPass: [],
    sharedUtterances: [],
  };
}

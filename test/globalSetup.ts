import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadCurrentModel } from '../src/nlu/trainModel.js';
import { openDataDir } from '../src/storage/openDataDir.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory seeded with the default catalogue and intents and a trained model; copy it, never write to it. */
    templateDataDir: string;
  }
}

/** Seeds and trains one data directory for the whole run, so that test files start bots in milliseconds. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-template-'));
  const { storage } = await openDataDir(dir);
  try {
    await loadCurrentModel(storage);
  } finally {
    await storage.close();
  }
  project.provide('templateDataDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

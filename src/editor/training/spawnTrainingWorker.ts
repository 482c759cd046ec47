import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { TrainingWorkerInput } from './workerProtocol.js';

/**
 * Starts the training worker on its script beside this file: `trainingWorker.js` in the compiled `dist/` (production),
 * `trainingWorker.ts` when this module itself runs from the sources (vitest, tsx). A worker is a fresh Node instance
 * that cannot load TypeScript, so for the sources it first registers tsx (a dev dependency, never needed in
 * production) and then imports the script; `execArgv: ['--import', 'tsx']` is not enough on Node 20, whose worker
 * loads its entry before the hooks are in place.
 */
export function spawnTrainingWorker(input: TrainingWorkerInput, resourceLimits?: ResourceLimits): Worker {
  const here = import.meta.url;
  const options = { workerData: input, resourceLimits, stdout: false, stderr: false };
  if (!here.endsWith('.ts')) return new Worker(new URL('./trainingWorker.js', here), options);
  const tsx = tsxEsmApi(here);
  const entry = new URL('./trainingWorker.ts', here).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The ESM build of tsx's register API (`require.resolve` would give the CommonJS one, which fails when imported). */
function tsxEsmApi(from: string): string {
  const packageJson = createRequire(from).resolve('tsx/package.json');
  const { exports } = TsxPackage.parse(JSON.parse(readFileSync(packageJson, 'utf8')));
  return new URL(exports['./esm/api'].import.default, pathToFileURL(packageJson)).href;
}

const TsxPackage = z.object({
  exports: z.object({ './esm/api': z.object({ import: z.object({ default: z.string() }) }) }),
});

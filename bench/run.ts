import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/packageRoot.js';
import { benchCatalogue, type CatalogueFigures } from './catalogueBench.js';
import { type CatalogueName, loadCatalogue, loadMassive } from './catalogues.js';
import { benchCluster, CLUSTER, QUICK_CLUSTER } from './clusterBench.js';
import { renderCluster, renderClusterSkipped } from './clusterReport.js';
import { benchLoad, LOAD, QUICK_LOAD } from './loadBench.js';
import { renderLoad } from './loadReport.js';
import { describeMachine } from './machine.js';
import { crossValidateMassive } from './massiveCv.js';
import { msSince } from './measure.js';
import { benchWorkbench, renderWorkbench } from './workbenchBench.js';
import { renderReport, writeReport } from './writeReport.js';

/**
 * The understanding benchmarks: GovBot beside plain NLP.js on three catalogues and on MASSIVE. Prints the tables and,
 * after a full run, writes them to docs/benchmarks.md. Figures only: slowness never fails the run.
 *
 *   npm run bench                      all catalogues and MASSIVE, writes the report
 *   npm run bench -- --only munich     one part (default, munich, berlin or massive), prints only
 *   npm run bench -- --quick           a short smoke run (default catalogue, one fold), prints only
 *   npm run bench -- --only workbench  the editors' workbench: training run, gate and publication (not in a full run)
 *   npm run bench -- --only load       chat load on GovBot beside an echo server, 10,000 sockets (not in a full run:
 *                                      about 4.5 minutes; with --quick a smoke run of about 1.5), prints only
 *   npm run bench -- --only cluster    GovBot on PostgreSQL and Redis, one instance beside two (not in a full run:
 *                                      about 3 minutes, with --quick under one; needs GOVBOT_BENCH_DATABASE_URL and
 *                                      GOVBOT_BENCH_REDIS_URL or the test suite's GOVBOT_TEST_…, else it is skipped:
 *                                      bash scripts/test-postgres.sh bash scripts/test-redis.sh \
 *                                        node dist/bench/run.js --only cluster), prints only
 */
const PARTS = ['default', 'munich', 'berlin', 'massive', 'workbench', 'load', 'cluster'] as const;
type Part = (typeof PARTS)[number];

const REPORT_PATH = join(packageRoot(), 'docs', 'benchmarks.md');
const FULL = { calls: 3000, warmUpCalls: 1000, foldsToRun: 5 };
const QUICK = { calls: 300, warmUpCalls: 50, foldsToRun: 1 };

async function main(): Promise<void> {
  const { only, quick } = parseFlags(process.argv.slice(2));
  const settings = quick ? QUICK : FULL;
  const parts: Part[] = only ? [only] : quick ? ['default', 'massive'] : ['default', 'munich', 'berlin', 'massive'];
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
  const start = process.hrtime.bigint();
  const machine = describeMachine();
  if (only === 'workbench') {
    process.stdout.write(renderWorkbench(await benchWorkbench(log)));
    return;
  }
  if (only === 'load') {
    process.stdout.write(renderLoad(await benchLoad(quick ? QUICK_LOAD : LOAD, log)));
    return;
  }
  if (only === 'cluster') {
    const outcome = await benchCluster(quick ? QUICK_CLUSTER : CLUSTER, log);
    if ('skipped' in outcome) log(`cluster: SKIPPED, ${outcome.skipped}`);
    process.stdout.write('skipped' in outcome ? renderClusterSkipped(outcome.skipped) : renderCluster(outcome.figures));
    return;
  }
  const massive = loadMassive();

  const catalogues: CatalogueFigures[] = [];
  for (const part of parts) {
    if (part === 'massive' || part === 'workbench' || part === 'load' || part === 'cluster') continue;
    const catalogue = loadCatalogue(part satisfies CatalogueName);
    catalogues.push(await benchCatalogue(catalogue, massive, { ...settings, log }));
  }
  const crossValidation = parts.includes('massive')
    ? await crossValidateMassive(massive, { folds: 5, seed: 20_261_122, foldsToRun: settings.foldsToRun, log })
    : undefined;

  const partial = quick || only !== undefined;
  const markdown = renderReport({
    machine,
    durationMs: msSince(start),
    partial,
    catalogues,
    massive: crossValidation,
    calls: settings.calls,
    warmUpCalls: settings.warmUpCalls,
    loadAtEnd: loadavg()[0] ?? 0,
  });
  process.stdout.write(markdown);
  if (partial) log(`partial run: ${REPORT_PATH} left as it was`);
  else {
    writeReport(REPORT_PATH, markdown);
    log(`written to ${REPORT_PATH}`);
  }
}

function parseFlags(args: string[]): { only: Part | undefined; quick: boolean } {
  const { values } = parseArgs({
    args,
    options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } },
    strict: true,
  });
  const only = PARTS.find((part) => part === values.only);
  if (values.only !== undefined && only === undefined) {
    throw new Error(`--only takes one of ${PARTS.join(', ')}, not "${values.only}"`);
  }
  return { only, quick: values.quick ?? false };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { User } from '../src/auth/types.js';
import { loadLiveKnowledge } from '../src/editor/publishing/loadLiveKnowledge.js';
import { PublishingService } from '../src/editor/publishing/PublishingService.js';
import { TrainingService } from '../src/editor/training/TrainingService.js';
import type { TrainingPhase } from '../src/editor/types.js';
import { IntentClassifier } from '../src/nlu/IntentClassifier.js';
import { IntentModel } from '../src/nlu/IntentModel.js';
import { Understanding } from '../src/nlu/Understanding.js';
import { openDataDir } from '../src/storage/openDataDir.js';
import { msSince } from './measure.js';

export interface WorkbenchFigures {
  /** Wall-clock seconds of each phase of a training run with the full gate (5 folds, the dialogs' conversations). */
  phases: Partial<Record<TrainingPhase, number>>;
  totalS: number;
  gatePassed: boolean | undefined;
  /** The longest the main thread was blocked while the worker trained, in ms. */
  trainingStallMs: number;
  /** Publishing the run: wall-clock ms, and the longest block of the main thread meanwhile. */
  publishMs: number;
  publishStallMs: number;
  /** The parts of deserialising the model, in ms, each one uninterrupted run of the thread. */
  deserialise: { parseMs: number; deMs: number; enMs: number; fullMs: number };
}

const BENCH_USER: User = {
  id: 'bench',
  name: 'bench',
  role: 'admin',
  tenants: ['default'],
  failedLogins: 0,
  lockedUntil: undefined,
  createdAt: new Date(0).toISOString(),
};

/**
 * The editors' workbench on the default catalogue: how long a training run with the full release gate takes, phase
 * by phase, and how long the server's thread stands still meanwhile and while a publication swaps the model in.
 * The stall is the longest the event loop did not get round to a 1 ms timer: what a citizen's turn arriving at the
 * wrong moment waits.
 */
export async function benchWorkbench(log: (message: string) => void): Promise<WorkbenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-bench-workbench-'));
  const { storage } = await openDataDir(dir);
  try {
    log('workbench: training the first version');
    await loadLiveKnowledge(storage);
    const training = await TrainingService.create({ storage, progressIntervalMs: 100 });
    const phases: Partial<Record<TrainingPhase, number>> = {};
    const start = process.hrtime.bigint();
    const trainingStall = stallMeter();
    const run = await training.start(BENCH_USER);
    const seen: { phase: TrainingPhase; since: bigint } = { phase: 'training', since: start };
    const poll = setInterval(() => {
      void training.findRun(run.id).then((current) => {
        if (!current || current.phase === seen.phase) return;
        phases[seen.phase] = msSince(seen.since) / 1000;
        log(`workbench: ${seen.phase} took ${(phases[seen.phase] ?? 0).toFixed(1)} s`);
        seen.phase = current.phase;
        seen.since = process.hrtime.bigint();
      });
    }, 100);
    await training.idle();
    clearInterval(poll);
    const trainingStallMs = await trainingStall.stop();
    const finished = await training.findRun(run.id);
    if (finished?.status !== 'succeeded') throw new Error(`the training run failed: ${finished?.error}`);
    if (seen.phase !== 'done') phases[seen.phase] = msSince(seen.since) / 1000;
    const totalS = msSince(start) / 1000;

    let live: Understanding | undefined;
    const publishing = new PublishingService({
      storage,
      onLive: (knowledge) => {
        live = new Understanding(knowledge.model, knowledge.services);
      },
    });
    const stall = stallMeter();
    const publishStart = process.hrtime.bigint();
    // The gate on the bench's own draft compares it with itself; publish whatever it says.
    await publishing.publish(run.id, BENCH_USER, { overrideReason: 'benchmark' });
    const publishMs = msSince(publishStart);
    const publishStallMs = await stall.stop();
    if (!live) throw new Error('the published version did not go live');

    const stored = await storage.models.findModel(finished.fingerprint ?? '');
    return {
      phases,
      totalS,
      gatePassed: finished.gate?.passed,
      trainingStallMs,
      publishMs,
      publishStallMs,
      deserialise: deserialiseParts(stored?.data ?? ''),
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The longest gap between two ticks of a 1 ms timer: how long a turn arriving at the worst moment would have waited.
 * (`monitorEventLoopDelay` misses a block that ends just before it is disabled: its timer never fires late.)
 */
function stallMeter(): { stop: () => Promise<number> } {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop: async () => {
      // One more tick after the work, so that a block at its very end is counted.
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(ticker);
      return longest;
    },
  };
}

/** Times JSON.parse and each language's classifier apart, the median of five rounds. */
function deserialiseParts(json: string): WorkbenchFigures['deserialise'] {
  const rounds = Array.from({ length: 5 }, () => {
    let start = process.hrtime.bigint();
    const parsed: { classifiers: { de: unknown; en: unknown } } = JSON.parse(json);
    const parseMs = msSince(start);
    start = process.hrtime.bigint();
    IntentClassifier.fromJSON(parsed.classifiers.de);
    const deMs = msSince(start);
    start = process.hrtime.bigint();
    IntentClassifier.fromJSON(parsed.classifiers.en);
    const enMs = msSince(start);
    start = process.hrtime.bigint();
    IntentModel.fromJSON(json);
    return { parseMs, deMs, enMs, fullMs: msSince(start) };
  });
  const median = (key: keyof WorkbenchFigures['deserialise']) =>
    rounds.map((round) => round[key]).sort((a, b) => a - b)[2] ?? Number.NaN;
  return { parseMs: median('parseMs'), deMs: median('deMs'), enMs: median('enMs'), fullMs: median('fullMs') };
}

export function renderWorkbench(figures: WorkbenchFigures): string {
  const s = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} s`);
  const ms = (value: number) => `${Math.round(value)} ms`;
  return [
    '## Editors\u2019 workbench (default catalogue)',
    '',
    '| Figure | Value |',
    '| --- | --- |',
    `| Training run, total (full gate: 5 folds, the dialogs' conversation tests) | ${s(figures.totalS)} |`,
    `| … training the model | ${s(figures.phases.training)} |`,
    `| … cross-validation | ${s(figures.phases['cross-validation'])} |`,
    `| … conversation tests | ${s(figures.phases.conversations)} |`,
    `| … must-pass questions | ${s(figures.phases['must-pass'])} |`,
    `| Gate passed | ${figures.gatePassed} |`,
    `| Longest main-thread stall during training | ${ms(figures.trainingStallMs)} |`,
    `| Publishing (load and swap in the model) | ${ms(figures.publishMs)} |`,
    `| Longest main-thread stall during publishing | ${ms(figures.publishStallMs)} |`,
    `| Deserialising: JSON.parse / German classifier / English classifier | ${ms(figures.deserialise.parseMs)} / ${ms(figures.deserialise.deMs)} / ${ms(figures.deserialise.enMs)} |`,
    `| Deserialising in one piece (IntentModel.fromJSON) | ${ms(figures.deserialise.fullMs)} |`,
    '',
  ].join('\n');
}

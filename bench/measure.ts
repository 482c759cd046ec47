import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The p-th percentile (0–100) of the values by the nearest-rank method: the smallest value that at least p % of the
 * values are less than or equal to. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0 || Number.isNaN(p)) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] ?? Number.NaN;
}

/** Median and 99th percentile of per-call latencies, in milliseconds. */
export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
}

export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary {
  return { p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99) };
}

/** Milliseconds elapsed since `start`, a `process.hrtime.bigint()` reading. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `work` once and returns its result with the wall-clock time it took. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { result, ms: msSince(start) };
}

export interface MemoryReading {
  heapUsedMb: number;
  rssMb: number;
}

/**
 * The process's heap used and resident set size after a full garbage collection, so that the difference of two
 * readings is what the objects created in between keep alive. `npm run bench` starts node without --expose-gc, so the
 * flag is set at run time.
 */
export function memoryAfterGc(): MemoryReading {
  gcFunction ??= exposeGc();
  gcFunction();
  gcFunction();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsedMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
}

let gcFunction: (() => void) | undefined;

/** Node's `gc()`, made available after start; a no-op where that does not work (the readings then include garbage). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? () => gc() : () => {};
}

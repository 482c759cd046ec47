import { fork } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { processCpuSeconds } from './cpuMeter.js';
import type { MemoryReading } from './measure.js';
import { siblingModule } from './siblingModule.js';

/** GovBot, the bare echo server (the ceiling), and the floor server (the least a bot must do; `floorServer.ts`). */
export type ServerKind = 'govbot' | 'echo' | 'floor';

/** A server under load, running in a child process (`loadServer.ts`). */
export interface ServerProcess {
  kind: ServerKind;
  url: string;
  /** Heap used and RSS of the server process after a full garbage collection. */
  memory(): Promise<MemoryReading>;
  /** CPU time the server process has used so far (all its threads), in seconds. */
  cpuSeconds(): number;
  /** Time its main thread (the event loop) has spent ready to run but waiting for a CPU, in seconds. */
  runQueueSeconds(): number;
  /** Closes the server, ends the process and deletes its data directory. */
  close(): Promise<void>;
}

/** The database file of a data directory, all a fresh GovBot needs of `trainedDataDir`. */
export const DATABASE_FILE = 'govbot.sqlite';
const CLOSE_GRACE_MS = 5000;

/** What the parent asks the server process. */
export const ServerRequest = z.object({ type: z.enum(['memory', 'close']) });

const ServerReport = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), url: z.string() }),
  z.object({ type: z.literal('memory'), heapUsedMb: z.number(), rssMb: z.number() }),
]);
type ServerReport = z.infer<typeof ServerReport>;

/**
 * Starts GovBot, the echo or the floor server in a child process and resolves once it listens. GovBot and the floor
 * server get a fresh data directory holding a copy of `template`'s database (seeded and trained), or, with
 * `DATABASE_URL` among `env` (GovBot's settings beyond the benchmark's own), an empty one and the database there.
 */
export async function forkServer(
  kind: ServerKind,
  template: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  let dataDir: string | undefined;
  if (kind !== 'echo') {
    dataDir = mkdtempSync(join(tmpdir(), 'govbot-bench-load-'));
    if (env.DATABASE_URL === undefined) copyFileSync(join(template, DATABASE_FILE), join(dataDir, DATABASE_FILE));
  }
  // GOVBOT_BENCH_CPU_PROF=dir writes a V8 CPU profile of the GovBot process there (open it in Chrome's DevTools).
  const profileDir = kind === 'govbot' ? process.env.GOVBOT_BENCH_CPU_PROF : undefined;
  const child = fork(siblingModule('loadServer'), dataDir ? [kind, dataDir, JSON.stringify(env)] : [kind], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const reports: ((report: ServerReport) => void)[] = [];
  child.on('message', (message) => {
    const report = ServerReport.parse(message);
    reports.shift()?.(report);
  });
  const next = () =>
    Promise.race([
      new Promise<ServerReport>((resolve) => reports.push(resolve)),
      exited.then((code) => Promise.reject(new Error(`the ${kind} server process exited with ${code}`))),
    ]);
  const ready = await next().catch((error: unknown) => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  if (ready.type !== 'ready' || child.pid === undefined) throw new Error(`the ${kind} server did not start`);
  const pid = child.pid;
  return {
    kind,
    url: ready.url,
    async memory() {
      child.send({ type: 'memory' });
      const reading = await next();
      if (reading.type !== 'memory') throw new Error(`the ${kind} server sent ${reading.type} for a memory reading`);
      return { heapUsedMb: reading.heapUsedMb, rssMb: reading.rssMb };
    },
    cpuSeconds: () => processCpuSeconds(pid),
    runQueueSeconds: () => runQueueSecondsOf(pid),
    async close() {
      // An overloaded GovBot would finish every queued turn first: what is left after a few seconds is not waited for.
      if (child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(timer);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the server process got of the machine during a measurement. */
export interface ServerUsage {
  /** CPU seconds per second, all threads. */
  cores: number;
  /** Share of the time its event loop was ready to run but waited for a CPU that other processes had. */
  waiting: number;
}

/** The server's CPU use from `skipMs` from now for `durationMs` (a warm-up, then the measured window). */
export async function usageDuring(server: ServerProcess, skipMs: number, durationMs: number): Promise<ServerUsage> {
  await new Promise((resolve) => setTimeout(resolve, skipMs));
  const cpu = server.cpuSeconds();
  const runQueue = server.runQueueSeconds();
  const from = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  // The timer fires late on a busy machine: per second of the window as it was, not as it was asked for.
  const seconds = (performance.now() - from) / 1000;
  return {
    cores: (server.cpuSeconds() - cpu) / seconds,
    waiting: (server.runQueueSeconds() - runQueue) / seconds,
  };
}

/** Waits until the server has used under 5 % of a core for a whole second (done starting, say), at most `maxMs`. */
export async function untilQuiet(server: ServerProcess, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = server.cpuSeconds();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = server.cpuSeconds();
    if (now - last < 0.05) return;
    last = now;
  }
}

/** The second field of /proc/<pid>/schedstat (the main thread's): nanoseconds spent waiting on a run queue. */
function runQueueSecondsOf(pid: number): number {
  const [, waitingNs] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ');
  return Number(waitingNs) / 1e9;
}

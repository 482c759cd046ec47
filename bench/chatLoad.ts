import { type ChildProcess, fork } from 'node:child_process';
import type { z } from 'zod';
import { type CpuReader, coresDuring, machineBusySeconds, processCpuSeconds } from './cpuMeter.js';
import {
  type ChatTask,
  type Counts,
  type GeneratorCommand,
  GeneratorReport,
  type GeneratorTask,
} from './generatorProtocol.js';
import { type MemoryReading, percentile } from './measure.js';
import { type ServerProcess, type ServerUsage, untilQuiet, usageDuring } from './serverProcess.js';
import { siblingModule } from './siblingModule.js';

/** Time a generator gets to disconnect its sockets (10,000 take a few seconds) before it is killed. */
const CLOSE_GRACE_MS = 30_000;

/** One chat load run against one server. */
export interface ChatLoadFigures extends z.infer<typeof Counts> {
  citizens: number;
  askedPerS: number;
  answeredPerS: number;
  /** Latency percentiles count a question never answered as infinitely slow; the maximum is of those answered. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** What the server processes got of the machine during the window: their cores together, the mean waiting share. */
  server: ServerUsage;
  /** The same for each server process. */
  servers: ServerUsage[];
  /**
   * Cores used during the window by the whole machine (whoever's work it was), by the load generators, and by each of
   * the `meters` given (the database, say).
   */
  cores: { machine: number; generators: number; meters: Record<string, number> };
  /** The busiest generator's event loop utilisation during the window. */
  generatorUtilization: number;
  connectS: number;
  /** The server processes' memory, added up. */
  memoryBefore: MemoryReading;
  memoryAfter: MemoryReading;
}

export type ChatLoadOptions = Omit<ChatTask, 'kind' | 'urls' | 'citizens' | 'firstCitizen' | 'totalCitizens'> & {
  citizens: number;
  /** Load generator processes to share the citizens. */
  generators: number;
  /** Other processes whose CPU use the window measures too (the database, say): a running total each. */
  meters?: Record<string, CpuReader>;
};

/**
 * Connects the citizens from `generators` processes, spread evenly over the `servers` (instances of one installation
 * behind a load balancer, or just one), starts them together, and measures the window after the warm-up: questions
 * asked and answered per second, question → first answer latency, and the servers' CPU and memory.
 */
export async function runChatLoad(
  servers: readonly ServerProcess[],
  options: ChatLoadOptions,
): Promise<ChatLoadFigures> {
  const { generators: count, citizens, meters = {}, ...rest } = options;
  await Promise.all(servers.map((server) => untilQuiet(server)));
  const memoryBefore = await memoryOf(servers);
  const connectStart = performance.now();
  const first = (g: number) => Math.floor((g * citizens) / count);
  const generators = Array.from(
    { length: count },
    (_, g) =>
      new Generator({
        kind: 'chat',
        urls: servers.map((server) => server.url),
        ...rest,
        citizens: first(g + 1) - first(g),
        firstCitizen: first(g),
        totalCitizens: citizens,
      }),
  );
  try {
    await Promise.all(generators.map((generator) => generator.next('connected')));
    const connectS = (performance.now() - connectStart) / 1000;
    const results = generators.map((generator) => generator.next('result'));
    for (const generator of generators) generator.send({ type: 'go' });
    const [usages, cores] = await Promise.all([
      Promise.all(servers.map((server) => usageDuring(server, options.warmUpMs, options.durationMs))),
      coresDuring<string>(
        {
          machine: machineBusySeconds,
          generators: () => generators.reduce((total, generator) => total + generator.cpuSeconds(), 0),
          ...meters,
        },
        options.warmUpMs,
        options.durationMs,
      ),
    ]);
    const reports = await Promise.all(results);
    const memoryAfter = await memoryOf(servers);
    const sum = (key: keyof z.infer<typeof Counts>) => reports.reduce((total, report) => total + report[key], 0);
    // A question never answered counts as infinitely slow: an overloaded server does not get a better p99 by losing.
    const latencies = reports.flatMap((report) => [
      ...report.latenciesMs,
      ...new Array<number>(report.unansweredInWindow).fill(Number.POSITIVE_INFINITY),
    ]);
    const seconds = options.durationMs / 1000;
    return {
      citizens,
      asked: sum('asked'),
      askedInWindow: sum('askedInWindow'),
      answeredInWindow: sum('answeredInWindow'),
      acknowledged: sum('acknowledged'),
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      rejected: sum('rejected'),
      askedPerS: sum('askedInWindow') / seconds,
      answeredPerS: sum('answeredInWindow') / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.reduce((max, value) => (Number.isFinite(value) ? Math.max(max, value) : max), 0),
      server: {
        cores: usages.reduce((total, usage) => total + usage.cores, 0),
        waiting: usages.reduce((total, usage) => total + usage.waiting, 0) / usages.length,
      },
      servers: usages,
      cores: {
        machine: cores.machine ?? 0,
        generators: cores.generators ?? 0,
        meters: Object.fromEntries(Object.keys(meters).map((name) => [name, cores[name] ?? 0])),
      },
      generatorUtilization: Math.max(...reports.map((report) => report.eventLoopUtilization)),
      connectS,
      memoryBefore,
      memoryAfter,
    };
  } finally {
    await Promise.all(generators.map((generator) => generator.close()));
  }
}

/** The servers' memory readings, added up. */
async function memoryOf(servers: readonly ServerProcess[]): Promise<MemoryReading> {
  const readings = await Promise.all(servers.map((server) => server.memory()));
  return {
    heapUsedMb: readings.reduce((total, reading) => total + reading.heapUsedMb, 0),
    rssMb: readings.reduce((total, reading) => total + reading.rssMb, 0),
  };
}

/** Idle widget sockets held open by one load generator process, grown step by step. */
export function holdIdleSockets(url: string, expectWelcome: boolean) {
  const generator = new Generator({ kind: 'idle', url, expectWelcome });
  return {
    /** Connects more sockets until `sockets` are open; resolves with the seconds that took. */
    async grow(sockets: number): Promise<number> {
      const connected = generator.next('connected');
      generator.send({ type: 'hold', sockets });
      return (await connected).ms / 1000;
    },
    close: () => generator.close(),
  };
}

/** A load generator process, its reports awaited one type at a time. */
class Generator {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<GeneratorReport['type'], (report: GeneratorReport) => void>();
  private readonly exited: Promise<number | null>;

  constructor(task: GeneratorTask) {
    this.child = fork(siblingModule('loadGenerator'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message) => {
      const report = GeneratorReport.parse(message);
      this.waiting.get(report.type)?.(report);
      this.waiting.delete(report.type);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send(task);
  }

  next<T extends GeneratorReport['type']>(type: T): Promise<Extract<GeneratorReport, { type: T }>> {
    return Promise.race([
      new Promise<Extract<GeneratorReport, { type: T }>>((resolve) => {
        this.waiting.set(type, (report) => {
          if (hasType(report, type)) resolve(report);
        });
      }),
      this.exited.then((code) => Promise.reject(new Error(`the load generator exited with ${code}`))),
    ]);
  }

  /** CPU seconds the process has used so far. */
  cpuSeconds(): number {
    return this.child.pid === undefined ? 0 : processCpuSeconds(this.child.pid);
  }

  send(message: GeneratorTask | GeneratorCommand): void {
    this.child.send(message);
  }

  /** Disconnects its sockets and waits for the process to end (at once if it has already; killed if it hangs). */
  async close(): Promise<void> {
    if (this.child.connected) this.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

function hasType<T extends GeneratorReport['type']>(
  report: GeneratorReport,
  type: T,
): report is Extract<GeneratorReport, { type: T }> {
  return report.type === type;
}

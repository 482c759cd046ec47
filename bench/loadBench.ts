import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_INTENT_PREFIX } from '../src/nlu/corpus.js';
import { loadCurrentModel } from '../src/nlu/trainModel.js';
import { openDataDir } from '../src/storage/openDataDir.js';
import { type BotFrameworkFigures, benchBotFramework } from './botFrameworkLoad.js';
import { loadCatalogue } from './catalogues.js';
import { type ChatLoadFigures, holdIdleSockets, runChatLoad } from './chatLoad.js';
import type { LoadQuestion } from './generatorProtocol.js';
import { describeMachine, type Machine } from './machine.js';
import { type MemoryReading, msSince } from './measure.js';
import { forkServer, type ServerKind, type ServerProcess, untilQuiet } from './serverProcess.js';

/** The settings of the load part; the report quotes them. */
export const LOAD = {
  paced: { citizens: 1000, everyMs: 2000, warmUpMs: 10_000, durationMs: 30_000 },
  closed: { citizens: 100, warmUpMs: 5000, durationMs: 20_000 },
  botFramework: { conversations: 32, warmUpMs: 3000, durationMs: 15_000 },
  idleSteps: [1000, 10_000],
  timeoutMs: 10_000,
  /** One in this many questions is out of scope. */
  outOfScopeEvery: 5,
};
export type LoadSettings = typeof LOAD;

/** A smoke run of a few seconds per measurement (`--quick`). */
export const QUICK_LOAD: LoadSettings = {
  ...LOAD,
  paced: { citizens: 100, everyMs: 2000, warmUpMs: 2000, durationMs: 5000 },
  closed: { citizens: 20, warmUpMs: 1000, durationMs: 4000 },
  botFramework: { conversations: 8, warmUpMs: 1000, durationMs: 3000 },
  idleSteps: [100, 500],
};

/** Memory of a server holding idle widget sockets. */
export interface IdleFigures {
  baseline: MemoryReading;
  steps: { sockets: number; memory: MemoryReading; connectS: number }[];
}

type Side<T> = Record<'govbot' | 'echo', T>;

export interface LoadFigures {
  machine: Machine;
  loadAtEnd: number;
  durationS: number;
  questions: number;
  generators: number;
  paced: Side<ChatLoadFigures>;
  /** With the floor server beside them: the least any bot must do for a question (`floorServer.ts`). */
  closed: Side<ChatLoadFigures> & { floor: ChatLoadFigures };
  botFramework: BotFrameworkFigures;
  idle: Side<IdleFigures>;
  settings: LoadSettings;
}

/**
 * Chat load against the real GovBot beside a bare Socket.IO echo server, each in a process of its own, driven by load
 * generator processes: latency at a fixed load, the most answered questions per second, the Bot Framework endpoint,
 * and memory per idle connection.
 */
export async function benchLoad(settings: LoadSettings, log: (message: string) => void): Promise<LoadFigures> {
  const start = process.hrtime.bigint();
  const machine = describeMachine();
  const needed = Math.max(...settings.idleSteps) + 1000;
  const limit = openFileLimit();
  if (limit < needed)
    throw new Error(`the load part needs ${needed} open files, the limit is ${limit}: ulimit -n ${needed}`);
  const questions = loadQuestions(settings.outOfScopeEvery);
  const generators = generatorCount();
  const common = { timeoutMs: settings.timeoutMs, questions, generators };

  const template = await trainedDataDir();
  // Every measurement gets fresh server processes: an overloaded GovBot goes on answering citizens who have left, and
  // what one measurement leaves behind must not weigh on the next.
  const fresh = <T>(kind: ServerKind, measure: (server: ServerProcess) => Promise<T>) =>
    withServer(kind, template, measure);
  try {
    const paced = await both((kind) => {
      log(`load: ${kind}, ${settings.paced.citizens} citizens asking every ${settings.paced.everyMs} ms`);
      const { everyMs, ...rest } = settings.paced;
      const options = { ...common, ...rest, pace: { everyMs }, expectWelcome: kind === 'govbot' };
      return fresh(kind, (server) => runChatLoad([server], options));
    });
    const closedRun = (kind: ServerKind) => {
      log(`load: ${kind}, ${settings.closed.citizens} citizens asking as soon as answered`);
      const options = { ...common, ...settings.closed, pace: 'closed' as const, expectWelcome: kind === 'govbot' };
      return fresh(kind, (server) => runChatLoad([server], options));
    };
    const closed = { ...(await both(closedRun)), floor: await closedRun('floor') };
    log(`load: Bot Framework endpoint, ${settings.botFramework.conversations} conversations`);
    const botFramework = await fresh('govbot', (server) =>
      benchBotFramework(server, { ...settings.botFramework, questions }),
    );
    const idle = await both((kind) => {
      log(`load: ${kind}, idle sockets up to ${Math.max(...settings.idleSteps).toLocaleString('en-US')}`);
      return fresh(kind, (server) => measureIdle(server, settings.idleSteps));
    });
    return {
      machine,
      loadAtEnd: loadavg()[0] ?? 0,
      durationS: msSince(start) / 1000,
      questions: questions.length,
      generators,
      paced,
      closed,
      botFramework,
      idle,
      settings,
    };
  } finally {
    rmSync(template, { recursive: true, force: true });
  }
}

/** One load generator process per core (at least two): the echo server answers as fast as one process can ask. */
export function generatorCount(): number {
  return Math.max(2, Math.min(4, cpus().length));
}

/** Runs the echo server's measurement, then GovBot's: one after the other, never both at once. */
async function both<T>(measure: (kind: ServerKind) => Promise<T>): Promise<Side<T>> {
  const echo = await measure('echo');
  const govbot = await measure('govbot');
  return { echo, govbot };
}

/** Runs `measure` against a fresh server process and closes it afterwards. */
export async function withServer<T>(
  kind: ServerKind,
  template: string,
  measure: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await forkServer(kind, template);
  try {
    return await measure(server);
  } finally {
    await server.close();
  }
}

async function measureIdle(server: ServerProcess, steps: number[]): Promise<IdleFigures> {
  await untilQuiet(server);
  // The first reading after start-up still returns freed memory to the system; the second is the baseline.
  await server.memory();
  const baseline = await server.memory();
  const sockets = holdIdleSockets(server.url, server.kind === 'govbot');
  try {
    const figures: IdleFigures['steps'] = [];
    for (const count of steps) {
      const connectS = await sockets.grow(count);
      figures.push({ sockets: count, memory: await server.memory(), connectS });
    }
    return { baseline, steps: figures };
  } finally {
    await sockets.close();
  }
}

/**
 * A data directory seeded with the default catalogue and intents and a trained model, for `forkServer` to copy: every
 * GovBot starts on a fresh database without training again.
 */
export async function trainedDataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-bench-template-'));
  const { storage } = await openDataDir(dir);
  try {
    await loadCurrentModel(storage);
  } finally {
    await storage.close();
  }
  return dir;
}

/**
 * Real citizens' questions: the development questions of `default-catalogue-dev.tsv` and the service intents'
 * utterances in `intents/` (German and English), with an out-of-scope utterance of `intents/*` after every few.
 */
export function loadQuestions(outOfScopeEvery: number): LoadQuestion[] {
  const catalogue = loadCatalogue('default');
  const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'de-DE');
  const utterances = (keep: (intent: string) => boolean) =>
    catalogue.corpora.flatMap((corpus) =>
      corpus.data
        .filter((entry) => keep(entry.intent))
        .flatMap((entry) => entry.utterances.map((text) => ({ text, locale: locale(corpus.locale) }))),
    );
  const inScope = [
    ...catalogue.labelled.map((question) => ({ text: question.text, locale: locale(question.lang) })),
    ...utterances((intent) => intent.startsWith(SERVICE_INTENT_PREFIX)),
  ];
  const outOfScope = utterances((intent) => intent === 'None');
  const every = outOfScopeEvery - 1;
  return inScope.flatMap((question, i) => {
    const extra = (i + 1) % every === 0 ? outOfScope[(i + 1) / every - 1] : undefined;
    return extra ? [question, extra] : [question];
  });
}

/** The soft limit on open files, which the server and generator processes inherit. */
export function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = Number(line?.split(/\s{2,}/)[1]);
  return Number.isFinite(soft) ? soft : Number.POSITIVE_INFINITY;
}

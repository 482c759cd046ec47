import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';

const root = fileURLToPath(new URL('../..', import.meta.url));
const GOVBOT_CLI = join(root, 'dist/src/cli/govbot.js');
const run = promisify(execFile);

/** Runs another `govbot` command, as an operator would beside the running server; rejects on a non-zero exit. */
export function govbotCommand(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [GOVBOT_CLI, ...args], { cwd: root });
}

/** A JSON log line of the server (pino, on stderr). */
const LogLine = z.looseObject({ msg: z.string(), level: z.number() });
export type LogLine = z.infer<typeof LogLine>;

/** `govbot serve` running in a child process, as an operator runs it: killed or stopped by signals. */
export interface GovBotProcess {
  url: string;
  child: ChildProcess;
  logs: LogLine[];
  /** Resolves with the first log line (already written or to come) that `predicate` accepts. */
  waitForLog(predicate: (line: LogLine) => boolean): Promise<LogLine>;
  /** Resolves when the process has ended, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the built server (`npm run build` first) on a free port of 127.0.0.1 with `dataDir`, resolving once it
 * listens. Logs at info level so that tests can wait for what the server did (a delivery attempt, a shutdown).
 */
export async function startGovBotProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<GovBotProcess> {
  const child = spawn(process.execPath, [GOVBOT_CLI, 'serve', '--data-dir', dataDir, '--port', '0'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      GOVBOT_SERVICE_HOURS: 'always',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const logs: LogLine[] = [];
  let waiters: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  createInterface({ input: child.stderr ?? process.stdin }).on('line', (text) => {
    const parsed = LogLine.safeParse(safeJson(text));
    if (!parsed.success) return;
    const line = parsed.data;
    logs.push(line);
    const matched = waiters.filter((waiter) => waiter.predicate(line));
    waiters = waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(line);
  });
  const port = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      const match = /GovBot is running on http:\/\/[^:]+:(\d+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`govbot serve ended (${code ?? signal}) before listening`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    logs,
    exited,
    waitForLog(predicate) {
      const seen = logs.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    async stop(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

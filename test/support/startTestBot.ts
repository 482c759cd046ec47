import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningGovBot, startGovBot } from '../../src/main.js';

/** A fresh data directory with the default catalogue, intents and trained model (a copy of the run's template). */
export function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-test-'));
  copyFileSync(join(inject('templateDataDir'), 'govbot.sqlite'), join(dir, 'govbot.sqlite'));
  return dir;
}

export interface TestBot extends RunningGovBot {
  dataDir: string;
  /** Stops the bot and deletes its data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts a real GovBot on 127.0.0.1 with its own SQLite file: on a free port, or on `port` (a restart of a bot
 * that clients are connected to).
 */
export async function startTestBot(
  options: { dataDir?: string; env?: NodeJS.ProcessEnv; port?: number } = {},
): Promise<TestBot> {
  const dataDir = options.dataDir ?? freshDataDir();
  // The service centre is always open in tests (whatever the time of the run), and nobody is online until a test
  // connects an agent.
  // Rate limits off: test clients all come from 127.0.0.1 and send as fast as the bot answers, far faster than
  // citizens; the tests of the limits (test/abuse) switch them on.
  const env = {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    GOVBOT_SERVICE_HOURS: 'always',
    GOVBOT_RATE_LIMITS: 'off',
    ...options.env,
  };
  const config = loadConfig(env, { dataDir, port: options.port ?? 0 });
  const bot = await startGovBot(config, createLogger('silent'));
  return {
    ...bot,
    dataDir,
    async dispose() {
      await bot.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

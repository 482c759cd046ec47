import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { freshDataDir } from '../support/startTestBot.js';
import { type GovBotProcess, startGovBotProcess } from './govbotProcess.js';

/** Server processes, data directories and whatever else a fault test opens, all ended and removed after each test. */
export function faultFixture() {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    /** Runs `cleanup` after the test, before what was registered earlier. */
    later(cleanup: () => unknown): void {
      cleanups.push(cleanup);
    },
    /** A fresh data directory (catalogue, intents, trained model). */
    dataDir(): string {
      const dir = freshDataDir();
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    /** `govbot serve` on `dataDir`, without rate limits (the tests' citizens all come from 127.0.0.1). */
    async serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<GovBotProcess> {
      const server = await startGovBotProcess(dataDir, { GOVBOT_RATE_LIMITS: 'off', ...env });
      cleanups.push(() => server.child.kill('SIGKILL'));
      return server;
    },
  };
}

// Child process of `forkServer`: runs the real GovBot, the echo or the floor server in a process of its own, so that
// the load generator never shares its event loop. Tells the parent its address, answers memory readings, closes on
// request.
import { z } from 'zod';
import { startEchoServer } from './echoServer.js';
import { memoryAfterGc } from './measure.js';
import { ServerRequest } from './serverProcess.js';

async function main(): Promise<void> {
  const [kind, dataDir, env] = process.argv.slice(2);
  const server =
    kind === 'govbot' && dataDir
      ? await startBot(dataDir, Settings.parse(JSON.parse(env ?? '{}')))
      : kind === 'floor' && dataDir
        ? await startFloor(dataDir)
        : kind === 'echo'
          ? await startEchoServer()
          : undefined;
  if (!server) throw new Error('usage: loadServer govbot <dataDir> [<settings as JSON>] | floor <dataDir> | echo');
  process.on('message', (message) => {
    const request = ServerRequest.parse(message);
    if (request.type === 'memory') send({ type: 'memory', ...memoryAfterGc() });
    else void server.close().then(() => process.exit(0));
  });
  send({ type: 'ready', url: server.url });
}

/** The floor server, imported here for the same reason as GovBot (`startBot`). */
async function startFloor(dataDir: string) {
  const { startFloorServer } = await import('./floorServer.js');
  return startFloorServer(dataDir);
}

/** GovBot's settings beyond the benchmark's own (DATABASE_URL, REDIS_URL, GOVBOT_REDIS_PREFIX for a cluster). */
const Settings = z.record(z.string(), z.string());

/**
 * GovBot as the tests start it: a fresh data directory, no logs, the service centre always open, and no message or
 * connection limits, since all simulated citizens come from one address.
 */
async function startBot(dataDir: string, settings: Record<string, string>) {
  // Imported here, so that the echo server's process holds none of GovBot's code and its memory is Socket.IO's own.
  const [{ loadConfig }, { createLogger }, { startGovBot }] = await Promise.all([
    import('../src/config/config.js'),
    import('../src/logger.js'),
    import('../src/main.js'),
  ]);
  const env = {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    GOVBOT_SERVICE_HOURS: 'always',
    GOVBOT_RATE_LIMITS: 'off',
    ...settings,
  };
  return startGovBot(loadConfig(env, { dataDir, port: 0 }), createLogger('silent'));
}

function send(message: object): void {
  if (!process.send) throw new Error('loadServer runs as a child process of the benchmark');
  process.send(message);
}

main().catch((error: unknown) => {
  process.stderr.write(`loadServer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
